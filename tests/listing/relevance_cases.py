"""What a TVET practitioner types into the search box, and the practices of the
forum report a person would expect near the top (judged from the report, before
any weight was tuned). Used by tests/listing/test_relevance.py and by
`make relevance`, which prints the precision at 5 of each query on the current
database."""

RELEVANCE_CASES = [
    # The site's own vocabulary: themes, challenges, countries, regions.
    (
        "climate",
        [
            "atmi-greening-communities-entrepreneurship",
            "se4amazonian-indigenous-clean-energy",
            "wetsus-upskilling-sustainable-water-technology",
            "wetsus-circular-economy-training",
        ],
    ),
    (
        "climate change",
        [
            "atmi-greening-communities-entrepreneurship",
            "se4amazonian-indigenous-clean-energy",
            "wetsus-upskilling-sustainable-water-technology",
            "wetsus-circular-economy-training",
        ],
    ),
    (
        "data gaps",
        [
            "pset-cloud-interoperable-data-systems",
            "jet-data-technology-tvet-governance",
            "bmz-cloud-knowledge-sharing",
        ],
    ),
    (
        "private sector",
        [
            "flatfish-case",
            "viken-academy-4-0",
            "wetsus-upskilling-sustainable-water-technology",
        ],
    ),
    ("Brazil", ["flatfish-case", "senai-theoprax-method"]),
    (
        "inclusion",
        [
            "bkal-360",
            "se4amazonian-indigenous-clean-energy",
            "fundacion-paraguaya-self-sustainable-schools",
        ],
    ),
    ("Finland", ["personalized-study-paths-finland", "omnia-ai-laboratory"]),
    (
        "Singapore",
        ["temasek-co-design-learning-spaces", "temasek-data-technology-teaching"],
    ),
    ("Africa", ["jet-data-technology-tvet-governance"]),
    (
        "Latin America",
        [
            "flatfish-case",
            "senai-theoprax-method",
            "se4amazonian-indigenous-clean-energy",
            "fundacion-paraguaya-self-sustainable-schools",
        ],
    ),
    (
        "bottom-up innovation",
        [
            "unevoc-i-hubs-framework",
            "ec-centres-of-vocational-excellence",
            "bilt-bridging-innovation-learning-tvet",
            "unevoc-trends-mapping-innovation-tvet",
        ],
    ),
    # Acronyms and their long forms.
    ("AI", ["omnia-ai-laboratory", "shenzhen-polytechnic-ai-curriculum"]),
    (
        "artificial intelligence",
        ["omnia-ai-laboratory", "shenzhen-polytechnic-ai-curriculum"],
    ),
    ("Industry 4.0", ["viken-academy-4-0", "tesda-4-0-equipped-learner"]),
    ("4IR", ["viken-academy-4-0", "tesda-4-0-equipped-learner"]),
    ("innovation hubs", ["unevoc-i-hubs-framework"]),
    ("CoVE", ["ec-centres-of-vocational-excellence"]),
    # Topics in the practices' own words.
    (
        "entrepreneurship",
        [
            "atmi-greening-communities-entrepreneurship",
            "oxygeni-us",
            "thinglink-virtual-course-entrepreneurship",
            "fundacion-paraguaya-self-sustainable-schools",
            "wetsus-upskilling-sustainable-water-technology",
        ],
    ),
    (
        "mobility",
        ["european-forum-tvet-mobility-programmes", "seameo-mobility-programmes"],
    ),
    (
        "student mobility",
        ["european-forum-tvet-mobility-programmes", "seameo-mobility-programmes"],
    ),
    ("skills competitions", ["worldskills-skills-competitions"]),
    ("WorldSkills", ["worldskills-skills-competitions", "wsi-hp-bechangemaker"]),
    ("water technology", ["wetsus-upskilling-sustainable-water-technology"]),
    ("circular economy", ["wetsus-circular-economy-training"]),
    ("clean energy", ["se4amazonian-indigenous-clean-energy"]),
    ("indigenous communities", ["se4amazonian-indigenous-clean-energy"]),
    (
        "career guidance",
        ["heart-trust-electronics-lab-on-wheels", "personalized-study-paths-finland"],
    ),
    ("learning spaces", ["temasek-co-design-learning-spaces"]),
    ("cloud", ["pset-cloud-interoperable-data-systems", "bmz-cloud-knowledge-sharing"]),
    ("TVET governance", ["jet-data-technology-tvet-governance"]),
    ("vocational excellence", ["ec-centres-of-vocational-excellence"]),
    ("UNESCO strategy", ["unesco-strategy-for-tvet"]),
    ("challenge-based learning", ["tknika-challenge-based-collaborative-learning"]),
    ("electronics lab", ["heart-trust-electronics-lab-on-wheels"]),
    ("self-sustainable schools", ["fundacion-paraguaya-self-sustainable-schools"]),
    ("personalised learning", ["personalized-study-paths-finland"]),
]


def precision_at_5(found_slugs, expected):
    """The share of the first five results a person expects, out of as many as
    could be expected there (a query expecting two is perfect with both)."""
    top = found_slugs[:5]
    return sum(slug in expected for slug in top) / min(5, len(expected))
