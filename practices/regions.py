"""UNESCO's five regions and which one each country belongs to.

UNESCO groups its Member States and Associate Members into five regions for its
regional activities (and the UNESCO Institute for Statistics reports by the same
regions). Note that these differ from continents and from UNESCO's electoral
groups: "Africa" means sub-Saharan Africa, the 19 "Arab States" include Egypt,
Sudan and the Maghreb, Israel sits in "Europe and North America", and Iran and the
Central Asian states sit in "Asia and the Pacific".

Besides Member States and Associate Members, the mapping places a few territories
and non-members that plainly belong to one region (e.g. Hong Kong, Puerto Rico,
Greenland, the Holy See). Codes with no sensible placement (e.g. Antarctica,
Bouvet Island, the British Indian Ocean Territory, Western Sahara) are left out,
and `region_for` returns "" for them.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Region(models.TextChoices):
    AFRICA = "africa", _("Africa")
    ARAB_STATES = "arab-states", _("Arab States")
    ASIA_PACIFIC = "asia-pacific", _("Asia and the Pacific")
    EUROPE_NORTH_AMERICA = "europe-north-america", _("Europe and North America")
    LATIN_AMERICA_CARIBBEAN = (
        "latin-america-caribbean",
        _("Latin America and the Caribbean"),
    )


# ISO 3166-1 alpha-2 code -> Region, as UNESCO groups its Member States and
# Associate Members. Entries marked "(territory)", "(observer)" or "not a member"
# are not UNESCO members in their own right but lie plainly within the region.
REGION_BY_COUNTRY: dict[str, Region] = {
    # Africa: sub-Saharan Africa, including Djibouti, Somalia and the Comoros,
    # which UNESCO counts here rather than among the Arab States.
    "AO": Region.AFRICA,  # Angola
    "BF": Region.AFRICA,  # Burkina Faso
    "BI": Region.AFRICA,  # Burundi
    "BJ": Region.AFRICA,  # Benin
    "BW": Region.AFRICA,  # Botswana
    "CD": Region.AFRICA,  # Democratic Republic of the Congo
    "CF": Region.AFRICA,  # Central African Republic
    "CG": Region.AFRICA,  # Congo
    "CI": Region.AFRICA,  # Côte d'Ivoire
    "CM": Region.AFRICA,  # Cameroon
    "CV": Region.AFRICA,  # Cabo Verde
    "DJ": Region.AFRICA,  # Djibouti
    "ER": Region.AFRICA,  # Eritrea
    "ET": Region.AFRICA,  # Ethiopia
    "GA": Region.AFRICA,  # Gabon
    "GH": Region.AFRICA,  # Ghana
    "GM": Region.AFRICA,  # Gambia
    "GN": Region.AFRICA,  # Guinea
    "GQ": Region.AFRICA,  # Equatorial Guinea
    "GW": Region.AFRICA,  # Guinea-Bissau
    "KE": Region.AFRICA,  # Kenya
    "KM": Region.AFRICA,  # Comoros
    "LR": Region.AFRICA,  # Liberia
    "LS": Region.AFRICA,  # Lesotho
    "MG": Region.AFRICA,  # Madagascar
    "ML": Region.AFRICA,  # Mali
    "MU": Region.AFRICA,  # Mauritius
    "MW": Region.AFRICA,  # Malawi
    "MZ": Region.AFRICA,  # Mozambique
    "NA": Region.AFRICA,  # Namibia
    "NE": Region.AFRICA,  # Niger
    "NG": Region.AFRICA,  # Nigeria
    "RE": Region.AFRICA,  # Réunion (territory)
    "RW": Region.AFRICA,  # Rwanda
    "SC": Region.AFRICA,  # Seychelles
    "SH": Region.AFRICA,  # Saint Helena, Ascension and Tristan da Cunha (territory)
    "SL": Region.AFRICA,  # Sierra Leone
    "SN": Region.AFRICA,  # Senegal
    "SO": Region.AFRICA,  # Somalia
    "SS": Region.AFRICA,  # South Sudan
    "ST": Region.AFRICA,  # São Tomé and Príncipe
    "SZ": Region.AFRICA,  # Eswatini
    "TD": Region.AFRICA,  # Chad
    "TG": Region.AFRICA,  # Togo
    "TZ": Region.AFRICA,  # United Republic of Tanzania
    "UG": Region.AFRICA,  # Uganda
    "YT": Region.AFRICA,  # Mayotte (territory)
    "ZA": Region.AFRICA,  # South Africa
    "ZM": Region.AFRICA,  # Zambia
    "ZW": Region.AFRICA,  # Zimbabwe
    # Arab States: the 19 Member States of UNESCO's Arab States region.
    "AE": Region.ARAB_STATES,  # United Arab Emirates
    "BH": Region.ARAB_STATES,  # Bahrain
    "DZ": Region.ARAB_STATES,  # Algeria
    "EG": Region.ARAB_STATES,  # Egypt
    "IQ": Region.ARAB_STATES,  # Iraq
    "JO": Region.ARAB_STATES,  # Jordan
    "KW": Region.ARAB_STATES,  # Kuwait
    "LB": Region.ARAB_STATES,  # Lebanon
    "LY": Region.ARAB_STATES,  # Libya
    "MA": Region.ARAB_STATES,  # Morocco
    "MR": Region.ARAB_STATES,  # Mauritania
    "OM": Region.ARAB_STATES,  # Oman
    "PS": Region.ARAB_STATES,  # Palestine
    "QA": Region.ARAB_STATES,  # Qatar
    "SA": Region.ARAB_STATES,  # Saudi Arabia
    "SD": Region.ARAB_STATES,  # Sudan
    "SY": Region.ARAB_STATES,  # Syrian Arab Republic
    "TN": Region.ARAB_STATES,  # Tunisia
    "YE": Region.ARAB_STATES,  # Yemen
    # Asia and the Pacific: including Iran and the five Central Asian states.
    "AF": Region.ASIA_PACIFIC,  # Afghanistan
    "AS": Region.ASIA_PACIFIC,  # American Samoa (territory)
    "AU": Region.ASIA_PACIFIC,  # Australia
    "BD": Region.ASIA_PACIFIC,  # Bangladesh
    "BN": Region.ASIA_PACIFIC,  # Brunei Darussalam
    "BT": Region.ASIA_PACIFIC,  # Bhutan
    "CC": Region.ASIA_PACIFIC,  # Cocos (Keeling) Islands (territory)
    "CK": Region.ASIA_PACIFIC,  # Cook Islands
    "CN": Region.ASIA_PACIFIC,  # China
    "CX": Region.ASIA_PACIFIC,  # Christmas Island (territory)
    "FJ": Region.ASIA_PACIFIC,  # Fiji
    "FM": Region.ASIA_PACIFIC,  # Micronesia (Federated States of)
    "GU": Region.ASIA_PACIFIC,  # Guam (territory)
    "HK": Region.ASIA_PACIFIC,  # Hong Kong, China (territory)
    "ID": Region.ASIA_PACIFIC,  # Indonesia
    "IN": Region.ASIA_PACIFIC,  # India
    "IR": Region.ASIA_PACIFIC,  # Iran (Islamic Republic of)
    "JP": Region.ASIA_PACIFIC,  # Japan
    "KG": Region.ASIA_PACIFIC,  # Kyrgyzstan
    "KH": Region.ASIA_PACIFIC,  # Cambodia
    "KI": Region.ASIA_PACIFIC,  # Kiribati
    "KP": Region.ASIA_PACIFIC,  # Democratic People's Republic of Korea
    "KR": Region.ASIA_PACIFIC,  # Republic of Korea
    "KZ": Region.ASIA_PACIFIC,  # Kazakhstan
    "LA": Region.ASIA_PACIFIC,  # Lao People's Democratic Republic
    "LK": Region.ASIA_PACIFIC,  # Sri Lanka
    "MH": Region.ASIA_PACIFIC,  # Marshall Islands
    "MM": Region.ASIA_PACIFIC,  # Myanmar
    "MN": Region.ASIA_PACIFIC,  # Mongolia
    "MO": Region.ASIA_PACIFIC,  # Macao, China (Associate Member)
    "MP": Region.ASIA_PACIFIC,  # Northern Mariana Islands (territory)
    "MV": Region.ASIA_PACIFIC,  # Maldives
    "MY": Region.ASIA_PACIFIC,  # Malaysia
    "NC": Region.ASIA_PACIFIC,  # New Caledonia (Associate Member)
    "NF": Region.ASIA_PACIFIC,  # Norfolk Island (territory)
    "NP": Region.ASIA_PACIFIC,  # Nepal
    "NR": Region.ASIA_PACIFIC,  # Nauru
    "NU": Region.ASIA_PACIFIC,  # Niue
    "NZ": Region.ASIA_PACIFIC,  # New Zealand
    "PF": Region.ASIA_PACIFIC,  # French Polynesia (territory)
    "PG": Region.ASIA_PACIFIC,  # Papua New Guinea
    "PH": Region.ASIA_PACIFIC,  # Philippines
    "PK": Region.ASIA_PACIFIC,  # Pakistan
    "PN": Region.ASIA_PACIFIC,  # Pitcairn (territory)
    "PW": Region.ASIA_PACIFIC,  # Palau
    "SB": Region.ASIA_PACIFIC,  # Solomon Islands
    "SG": Region.ASIA_PACIFIC,  # Singapore
    "TH": Region.ASIA_PACIFIC,  # Thailand
    "TJ": Region.ASIA_PACIFIC,  # Tajikistan
    "TK": Region.ASIA_PACIFIC,  # Tokelau (Associate Member)
    "TL": Region.ASIA_PACIFIC,  # Timor-Leste
    "TM": Region.ASIA_PACIFIC,  # Turkmenistan
    "TO": Region.ASIA_PACIFIC,  # Tonga
    "TV": Region.ASIA_PACIFIC,  # Tuvalu
    "TW": Region.ASIA_PACIFIC,  # Taiwan (not a member; placed geographically)
    "UZ": Region.ASIA_PACIFIC,  # Uzbekistan
    "VN": Region.ASIA_PACIFIC,  # Viet Nam
    "VU": Region.ASIA_PACIFIC,  # Vanuatu
    "WF": Region.ASIA_PACIFIC,  # Wallis and Futuna (territory)
    "WS": Region.ASIA_PACIFIC,  # Samoa
    # Europe and North America: including Israel, Türkiye, Cyprus, the Russian
    # Federation and the Caucasus states.
    "AD": Region.EUROPE_NORTH_AMERICA,  # Andorra
    "AL": Region.EUROPE_NORTH_AMERICA,  # Albania
    "AM": Region.EUROPE_NORTH_AMERICA,  # Armenia
    "AT": Region.EUROPE_NORTH_AMERICA,  # Austria
    "AX": Region.EUROPE_NORTH_AMERICA,  # Åland Islands (territory)
    "AZ": Region.EUROPE_NORTH_AMERICA,  # Azerbaijan
    "BA": Region.EUROPE_NORTH_AMERICA,  # Bosnia and Herzegovina
    "BE": Region.EUROPE_NORTH_AMERICA,  # Belgium
    "BG": Region.EUROPE_NORTH_AMERICA,  # Bulgaria
    "BM": Region.EUROPE_NORTH_AMERICA,  # Bermuda (territory)
    "BY": Region.EUROPE_NORTH_AMERICA,  # Belarus
    "CA": Region.EUROPE_NORTH_AMERICA,  # Canada
    "CH": Region.EUROPE_NORTH_AMERICA,  # Switzerland
    "CY": Region.EUROPE_NORTH_AMERICA,  # Cyprus
    "CZ": Region.EUROPE_NORTH_AMERICA,  # Czechia
    "DE": Region.EUROPE_NORTH_AMERICA,  # Germany
    "DK": Region.EUROPE_NORTH_AMERICA,  # Denmark
    "EE": Region.EUROPE_NORTH_AMERICA,  # Estonia
    "ES": Region.EUROPE_NORTH_AMERICA,  # Spain
    "FI": Region.EUROPE_NORTH_AMERICA,  # Finland
    "FO": Region.EUROPE_NORTH_AMERICA,  # Faroes (Associate Member)
    "FR": Region.EUROPE_NORTH_AMERICA,  # France
    "GB": Region.EUROPE_NORTH_AMERICA,  # United Kingdom
    "GE": Region.EUROPE_NORTH_AMERICA,  # Georgia
    "GG": Region.EUROPE_NORTH_AMERICA,  # Guernsey (territory)
    "GI": Region.EUROPE_NORTH_AMERICA,  # Gibraltar (territory)
    "GL": Region.EUROPE_NORTH_AMERICA,  # Greenland (territory)
    "GR": Region.EUROPE_NORTH_AMERICA,  # Greece
    "HR": Region.EUROPE_NORTH_AMERICA,  # Croatia
    "HU": Region.EUROPE_NORTH_AMERICA,  # Hungary
    "IE": Region.EUROPE_NORTH_AMERICA,  # Ireland
    "IL": Region.EUROPE_NORTH_AMERICA,  # Israel (left UNESCO in 2018)
    "IM": Region.EUROPE_NORTH_AMERICA,  # Isle of Man (territory)
    "IS": Region.EUROPE_NORTH_AMERICA,  # Iceland
    "IT": Region.EUROPE_NORTH_AMERICA,  # Italy
    "JE": Region.EUROPE_NORTH_AMERICA,  # Jersey (territory)
    "LI": Region.EUROPE_NORTH_AMERICA,  # Liechtenstein (not a member)
    "LT": Region.EUROPE_NORTH_AMERICA,  # Lithuania
    "LU": Region.EUROPE_NORTH_AMERICA,  # Luxembourg
    "LV": Region.EUROPE_NORTH_AMERICA,  # Latvia
    "MC": Region.EUROPE_NORTH_AMERICA,  # Monaco
    "MD": Region.EUROPE_NORTH_AMERICA,  # Republic of Moldova
    "ME": Region.EUROPE_NORTH_AMERICA,  # Montenegro
    "MK": Region.EUROPE_NORTH_AMERICA,  # North Macedonia
    "MT": Region.EUROPE_NORTH_AMERICA,  # Malta
    "NL": Region.EUROPE_NORTH_AMERICA,  # Netherlands
    "NO": Region.EUROPE_NORTH_AMERICA,  # Norway
    "PL": Region.EUROPE_NORTH_AMERICA,  # Poland
    "PM": Region.EUROPE_NORTH_AMERICA,  # Saint Pierre and Miquelon (territory)
    "PT": Region.EUROPE_NORTH_AMERICA,  # Portugal
    "RO": Region.EUROPE_NORTH_AMERICA,  # Romania
    "RS": Region.EUROPE_NORTH_AMERICA,  # Serbia
    "RU": Region.EUROPE_NORTH_AMERICA,  # Russian Federation
    "SE": Region.EUROPE_NORTH_AMERICA,  # Sweden
    "SI": Region.EUROPE_NORTH_AMERICA,  # Slovenia
    "SJ": Region.EUROPE_NORTH_AMERICA,  # Svalbard and Jan Mayen (territory)
    "SK": Region.EUROPE_NORTH_AMERICA,  # Slovakia
    "SM": Region.EUROPE_NORTH_AMERICA,  # San Marino
    "TR": Region.EUROPE_NORTH_AMERICA,  # Türkiye
    "UA": Region.EUROPE_NORTH_AMERICA,  # Ukraine
    "US": Region.EUROPE_NORTH_AMERICA,  # United States of America
    "VA": Region.EUROPE_NORTH_AMERICA,  # Holy See (observer)
    # Latin America and the Caribbean: including the Caribbean Associate Members.
    "AG": Region.LATIN_AMERICA_CARIBBEAN,  # Antigua and Barbuda
    "AI": Region.LATIN_AMERICA_CARIBBEAN,  # Anguilla (Associate Member)
    "AR": Region.LATIN_AMERICA_CARIBBEAN,  # Argentina
    "AW": Region.LATIN_AMERICA_CARIBBEAN,  # Aruba (Associate Member)
    "BB": Region.LATIN_AMERICA_CARIBBEAN,  # Barbados
    "BL": Region.LATIN_AMERICA_CARIBBEAN,  # Saint Barthélemy (territory)
    "BO": Region.LATIN_AMERICA_CARIBBEAN,  # Bolivia (Plurinational State of)
    "BQ": Region.LATIN_AMERICA_CARIBBEAN,  # Bonaire, Sint Eustatius, Saba (territory)
    "BR": Region.LATIN_AMERICA_CARIBBEAN,  # Brazil
    "BS": Region.LATIN_AMERICA_CARIBBEAN,  # Bahamas
    "BZ": Region.LATIN_AMERICA_CARIBBEAN,  # Belize
    "CL": Region.LATIN_AMERICA_CARIBBEAN,  # Chile
    "CO": Region.LATIN_AMERICA_CARIBBEAN,  # Colombia
    "CR": Region.LATIN_AMERICA_CARIBBEAN,  # Costa Rica
    "CU": Region.LATIN_AMERICA_CARIBBEAN,  # Cuba
    "CW": Region.LATIN_AMERICA_CARIBBEAN,  # Curaçao (Associate Member)
    "DM": Region.LATIN_AMERICA_CARIBBEAN,  # Dominica
    "DO": Region.LATIN_AMERICA_CARIBBEAN,  # Dominican Republic
    "EC": Region.LATIN_AMERICA_CARIBBEAN,  # Ecuador
    "FK": Region.LATIN_AMERICA_CARIBBEAN,  # Falkland Islands (Malvinas) (territory)
    "GD": Region.LATIN_AMERICA_CARIBBEAN,  # Grenada
    "GF": Region.LATIN_AMERICA_CARIBBEAN,  # French Guiana (territory)
    "GP": Region.LATIN_AMERICA_CARIBBEAN,  # Guadeloupe (territory)
    "GT": Region.LATIN_AMERICA_CARIBBEAN,  # Guatemala
    "GY": Region.LATIN_AMERICA_CARIBBEAN,  # Guyana
    "HN": Region.LATIN_AMERICA_CARIBBEAN,  # Honduras
    "HT": Region.LATIN_AMERICA_CARIBBEAN,  # Haiti
    "JM": Region.LATIN_AMERICA_CARIBBEAN,  # Jamaica
    "KN": Region.LATIN_AMERICA_CARIBBEAN,  # Saint Kitts and Nevis
    "KY": Region.LATIN_AMERICA_CARIBBEAN,  # Cayman Islands (Associate Member)
    "LC": Region.LATIN_AMERICA_CARIBBEAN,  # Saint Lucia
    "MF": Region.LATIN_AMERICA_CARIBBEAN,  # Saint Martin (French part) (territory)
    "MQ": Region.LATIN_AMERICA_CARIBBEAN,  # Martinique (territory)
    "MS": Region.LATIN_AMERICA_CARIBBEAN,  # Montserrat (Associate Member)
    "MX": Region.LATIN_AMERICA_CARIBBEAN,  # Mexico
    "NI": Region.LATIN_AMERICA_CARIBBEAN,  # Nicaragua
    "PA": Region.LATIN_AMERICA_CARIBBEAN,  # Panama
    "PE": Region.LATIN_AMERICA_CARIBBEAN,  # Peru
    "PR": Region.LATIN_AMERICA_CARIBBEAN,  # Puerto Rico (territory)
    "PY": Region.LATIN_AMERICA_CARIBBEAN,  # Paraguay
    "SR": Region.LATIN_AMERICA_CARIBBEAN,  # Suriname
    "SV": Region.LATIN_AMERICA_CARIBBEAN,  # El Salvador
    "SX": Region.LATIN_AMERICA_CARIBBEAN,  # Sint Maarten (Associate Member)
    "TC": Region.LATIN_AMERICA_CARIBBEAN,  # Turks and Caicos Islands (territory)
    "TT": Region.LATIN_AMERICA_CARIBBEAN,  # Trinidad and Tobago
    "UY": Region.LATIN_AMERICA_CARIBBEAN,  # Uruguay
    "VC": Region.LATIN_AMERICA_CARIBBEAN,  # Saint Vincent and the Grenadines
    "VE": Region.LATIN_AMERICA_CARIBBEAN,  # Venezuela (Bolivarian Republic of)
    "VG": Region.LATIN_AMERICA_CARIBBEAN,  # British Virgin Islands (Associate Member)
    "VI": Region.LATIN_AMERICA_CARIBBEAN,  # United States Virgin Islands (territory)
}


def region_for(code: str) -> str:
    """The UNESCO region of an ISO alpha-2 code; '' when UNESCO does not place it.

    Accepts any string: surrounding whitespace and case are ignored, and anything
    that is not a placed code (including "") gives "".
    """
    region = REGION_BY_COUNTRY.get(str(code or "").strip().upper())
    return region.value if region is not None else ""
