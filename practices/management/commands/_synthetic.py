"""Synthetic practices, for benchmarks and tests only: deterministic for a given
seed, with the sizes and word frequencies of real entries.

Text is drawn from the vocabulary of TVET innovation. Common words ("skills",
"training", ...) turn up in a large share of practices, as they do in real
ones; each word of RARE_WORDS in only a handful, so a search for one of them
finds a few practices however many there are."""

import random
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from django.utils import timezone
from django.utils.text import slugify

# Dates are counted back from a fixed day, not from today, so the same seed
# gives the same practices whenever it runs.
EPOCH = date(2026, 1, 1)

ADJECTIVES = [
    "Dual",
    "Digital",
    "Green",
    "Inclusive",
    "Flexible",
    "Work-based",
    "Modular",
    "Blended",
    "Community",
    "Regional",
    "Open",
    "Mobile",
    "Smart",
    "Competency-based",
    "Industry-led",
    "Sustainable",
]
NOUNS = [
    "apprenticeship",
    "learning factory",
    "skills centre",
    "teacher academy",
    "incubator",
    "career guidance service",
    "training programme",
    "micro-credential",
    "innovation hub",
    "simulation lab",
    "mentoring scheme",
    "recognition of prior learning",
    "curriculum reform",
    "student enterprise",
    "quality framework",
    "partnership",
]
AUDIENCES = [
    "young women",
    "rural youth",
    "adult learners",
    "refugees",
    "school leavers",
    "TVET teachers",
    "small enterprises",
    "informal workers",
    "people with disabilities",
    "unemployed graduates",
]
SECTORS = [
    "agriculture",
    "construction",
    "automotive",
    "renewable energy",
    "tourism",
    "health care",
    "logistics",
    "manufacturing",
    "ICT",
    "textiles",
    "fisheries",
    "mining",
]
# Sentences of summaries and descriptions. Each practice uses a handful, so a
# word of one sentence is found in about a fifth of the practices, and words
# that several sentences share (skills, training, learners) in more.
SENTENCES = [
    "The {noun} gives {audience} practical skills in {sector} through training "
    "designed with local employers.",
    "Learners alternate between the workshop and the workplace, and teachers "
    "update the programme with industry every year.",
    "It started as a pilot in one {kind} and now reaches {number} learners "
    "across {places} sites.",
    "Employers co-design the curriculum, host apprentices and assess the "
    "competences they need in {sector}.",
    "Instructors receive continuing professional development in {topic} and "
    "share their lessons in a national network.",
    "Graduates find work faster, and several have started their own "
    "businesses in {sector}.",
    "The approach combines {topic} with entrepreneurship, mentoring and "
    "career guidance for {audience}.",
    "Funding comes from the ministry, private partners and income from "
    "services the students sell to the community.",
    "A digital platform tracks attendance, assessment results and the jobs "
    "graduates take up after they leave.",
    "The institution adapted the model to {audience}, with flexible hours "
    "and classes close to home.",
    "Short courses lead to recognised qualifications, and credits count "
    "towards a full diploma in {sector}.",
    "An evaluation found better completion rates and stronger links between "
    "the school and local firms.",
    "Students run a real enterprise on campus, keeping accounts, serving "
    "customers and reinvesting the profit.",
    "A mobile unit brings equipment and trainers to villages that have no "
    "college nearby.",
    "Virtual reality simulators let trainees practise dangerous tasks "
    "safely before they touch real machines.",
    "The ministry has adopted the scheme as a national standard and plans to "
    "extend it to every province.",
    "Women make up more than half of the cohort, thanks to childcare, safe "
    "transport and female role models.",
    "Refugees and host communities learn side by side, which has eased "
    "tensions in the district.",
    "Solar panels on the workshop roof power the equipment and serve as a "
    "teaching resource.",
    "Labour market data from the chamber of commerce guide which courses "
    "open each year.",
    "Prior learning is recognised through portfolios and practical tests, "
    "so experienced workers earn certificates quickly.",
    "Alumni return as mentors, and their stories feature in campaigns that "
    "improve the image of vocational education.",
    "Open educational resources written by staff are shared under a free "
    "licence with other colleges.",
    "A quality assurance cycle collects feedback from learners and "
    "companies after every module.",
    "The centre works with universities on applied research into {topic} "
    "for small firms.",
    "Skills competitions motivate students and give companies a chance to "
    "spot talent early.",
    "Distance learning kept classes going during the pandemic and remains "
    "part of the timetable.",
    "Local government provides buildings, while a foundation pays for "
    "scholarships and tools.",
    "Coaches visit apprentices at their workplace every month and report "
    "progress to both sides.",
    "Modules on climate adaptation were added after floods damaged farms "
    "in the region.",
    "A maker space with 3D printers and laser cutters is open to the "
    "public in the evenings.",
    "Green jobs in {sector} are the focus of a new two-year programme "
    "developed with an energy company.",
    "Guidance counsellors help secondary pupils discover trades through "
    "taster days in the workshops.",
    "Cross-border exchanges let trainees spend three months with partner "
    "institutions abroad.",
    "Sign language interpreters and adapted workstations make every course "
    "accessible to deaf learners.",
    "A tracer study follows each cohort for five years to measure "
    "employment and earnings.",
]
TOPICS = [
    "digital skills",
    "green skills",
    "entrepreneurship",
    "pedagogy",
    "work-based learning",
    "quality assurance",
    "inclusion",
    "innovation management",
]
# Words found in few practices: the benchmark's "rare word" searches.
RARE_WORDS = [
    "aquaponics",
    "mechatronics",
    "beekeeping",
    "hydroponics",
    "photogrammetry",
    "geothermal",
    "silviculture",
    "biogas",
    "cobblestone",
    "tannery",
    "glassblowing",
    "viticulture",
    "lapidary",
    "blacksmithing",
    "saddlery",
    "upholstery",
    "horology",
    "cartography",
    "taxidermy",
    "millwright",
    "boatbuilding",
    "thatching",
    "pottery",
    "weaving",
    "dyeing",
    "basketry",
    "bookbinding",
    "locksmithing",
    "stonemasonry",
    "sericulture",
    "mushrooms",
    "seaweed",
    "apiculture",
    "cheesemaking",
    "brewing",
    "distilling",
    "coopering",
    "farriery",
    "gilding",
    "engraving",
    "embroidery",
    "millinery",
    "tailoring",
    "cobbling",
    "woodturning",
    "marquetry",
    "joinery",
    "plastering",
    "glazing",
    "tinsmithing",
    "scaffolding",
    "welding",
    "soldering",
    "riveting",
    "forging",
    "casting",
    "coppersmithing",
    "lathe",
    "robotics",
    "drones",
    "lidar",
    "telemetry",
    "avionics",
    "hydraulics",
    "pneumatics",
    "refrigeration",
    "insulation",
    "geodesy",
    "surveying",
    "dredging",
    "aquaculture",
    "oyster",
    "shrimp",
    "tilapia",
    "cocoa",
    "cashew",
    "sisal",
    "rattan",
    "bamboo",
    "cassava",
    "sorghum",
    "quinoa",
    "vanilla",
    "saffron",
    "cardamom",
    "tea",
    "coffee",
    "rubber",
    "jute",
    "indigo",
    "batik",
    "ikat",
    "kente",
    "pewter",
    "enamel",
    "mosaic",
    "terrazzo",
    "ceramics",
    "porcelain",
    "lacquer",
]
# Share of practices that mention one rare word: about 1 in 1,200 per word.
RARE_MENTION_SHARE = 0.08

CITIES = [
    "Nairobi",
    "Accra",
    "Lagos",
    "Kigali",
    "Cairo",
    "Tunis",
    "Amman",
    "Beirut",
    "Almaty",
    "Tashkent",
    "Dhaka",
    "Manila",
    "Jakarta",
    "Hanoi",
    "Suva",
    "Lima",
    "Quito",
    "Bogotá",
    "Santiago",
    "Kingston",
    "Bonn",
    "Turin",
    "Lyon",
    "Tallinn",
    "Bergen",
    "Halifax",
    "Adelaide",
    "Pune",
    "Cebu",
    "Durban",
]
INSTITUTION_KINDS = [
    ("Polytechnic", "tvet-institution"),
    ("Technical College", "tvet-institution"),
    ("Vocational Training Centre", "tvet-institution"),
    ("Institute of Technology", "tvet-institution"),
    ("Skills Authority", "government"),
    ("Chamber of Commerce", "network"),
    ("Skills Foundation", "ngo"),
    ("Manufacturing Company", "company"),
    ("Research Centre for Vocational Education", "research"),
]


@dataclass
class GeneratedPractice:
    title: str
    slug: str
    summary: str
    description: str
    scope: str
    evidence_level: str
    published_at: datetime
    last_verified: date | None
    theme_ids: list = field(default_factory=list)
    country_codes: list = field(default_factory=list)
    challenge_ids: list = field(default_factory=list)
    institution_indexes: list = field(default_factory=list)


@dataclass
class GeneratedInstitution:
    name: str
    slug: str
    kind: str
    country_code: str
    city: str


class Generator:
    """Draws institutions and practices from one seeded random stream."""

    def __init__(self, seed, theme_ids, challenge_ids, country_codes):
        self.random = random.Random(seed)
        self.seed = seed
        self.theme_ids = sorted(theme_ids)
        self.challenge_ids = sorted(challenge_ids)
        self.country_codes = sorted(country_codes)

    def institutions(self, count):
        rnd = self.random
        for i in range(count):
            city = rnd.choice(CITIES)
            label, kind = rnd.choice(INSTITUTION_KINDS)
            name = f"{city} {label} {i + 1}"
            yield GeneratedInstitution(
                name=name,
                slug=f"g{self.seed}-{slugify(name)}"[:120],
                kind=kind,
                country_code=rnd.choice(self.country_codes),
                city=city,
            )

    def practices(self, count, institution_count):
        rnd = self.random
        for i in range(count):
            noun = rnd.choice(NOUNS)
            sector = rnd.choice(SECTORS)
            audience = rnd.choice(AUDIENCES)
            title = f"{rnd.choice(ADJECTIVES)} {noun} in {sector} for {audience}"
            words = {
                "noun": noun,
                "sector": sector,
                "audience": audience,
                "kind": rnd.choice(["college", "district", "region", "company"]),
                "number": rnd.randrange(40, 12000),
                "places": rnd.randrange(2, 60),
                "topic": rnd.choice(TOPICS),
            }
            sentences = iter(rnd.sample(SENTENCES, k=len(SENTENCES)))
            summary = self._paragraph(sentences, 600, words)
            description = "\n\n".join(
                self._paragraph(sentences, 300, words)
                for _ in range(rnd.randrange(1, 4))
            )
            if rnd.random() < RARE_MENTION_SHARE:
                rare = rnd.choice(RARE_WORDS)
                summary += f" Learners also practise {rare}."
            yield GeneratedPractice(
                title=title[:200],
                slug=f"g{self.seed}-{i + 1:06d}-{slugify(title)}"[:120],
                summary=summary,
                description=description,
                scope=rnd.choice(["local", "national", "regional", "international"]),
                evidence_level=rnd.choices(
                    ["described", "documented", "evaluated", "replicated"],
                    weights=[50, 30, 15, 5],
                )[0],
                published_at=timezone.make_aware(
                    datetime.combine(EPOCH, datetime.min.time())
                    - timedelta(minutes=rnd.randrange(0, 5 * 365 * 24 * 60))
                ),
                last_verified=(
                    EPOCH - timedelta(days=rnd.randrange(0, 4 * 365))
                    if rnd.random() < 0.7
                    else None
                ),
                theme_ids=self._some(self.theme_ids, 1, 3),
                country_codes=self._some(self.country_codes, 1, 2),
                challenge_ids=rnd.sample(
                    self.challenge_ids,
                    k=min(rnd.choice([0, 1, 1, 2]), len(self.challenge_ids)),
                ),
                institution_indexes=rnd.sample(
                    range(institution_count),
                    k=min(rnd.randint(1, 3), institution_count),
                ),
            )

    def _some(self, values, fewest, most):
        return self.random.sample(
            values, k=min(self.random.randint(fewest, most), len(values))
        )

    @staticmethod
    def _paragraph(sentences, length, words):
        """The next sentences of `sentences` until about `length` characters."""
        chosen = []
        size = 0
        for template in sentences:
            sentence = template.format(**words)
            chosen.append(sentence)
            size += len(sentence) + 1
            if size >= length - 40:
                break
        return " ".join(chosen)
