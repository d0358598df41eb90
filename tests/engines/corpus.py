"""Generated news-like articles for ingest tests: sentences from templates written for the
project, combined at random (seeded), so any number of distinct documents is cheap."""

from __future__ import annotations

import random
from pathlib import Path

COUNTRIES = (
    "Japan", "Chile", "Peru", "Canada", "Kenya", "Norway", "Brazil", "India", "Poland",
    "Vietnam", "Mexico", "Egypt", "Turkey", "Germany", "France", "Ghana",
)  # fmt: skip
CITIES = (
    "Lima", "Nairobi", "Oslo", "Warsaw", "Hanoi", "Cairo", "Ankara", "Berlin", "Accra",
    "Ottawa", "Brasilia", "Tokyo", "Santiago",
)  # fmt: skip
PRODUCTS = ("steel", "copper", "rice", "cars", "solar panels", "coffee", "timber", "fertiliser")
DAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday")
TEMPLATES = (
    "Officials from {a} and {b} met in {city} on {day} to discuss trade in {product}.",
    "The government of {a} said it would raise tariffs on {product} from {b} by {n}% next month.",
    "Ministers from {b} travelled to {city} for a second round of talks with {a}.",
    "Exports of {product} from {a} fell {n}% in the first quarter, the statistics office said.",
    "{a} accused {b} of dumping cheap {product} on its market.",
    "Protesters gathered outside the parliament in {city} on {day} to oppose the deal.",
    "A spokesman for the ministry in {city} declined to comment on the report.",
    "Analysts expect {a} to cut its forecast for {product} output by {n}% this year.",
    "The central bank of {b} kept interest rates unchanged at {n}% on {day}.",
    "Talks between {a} and {b} on a new {product} quota will resume in {city} in June.",
)


def article(rng: random.Random, serial: int) -> str:
    """One article of 4 to 7 sentences; `serial` makes it unlike every other one."""
    sentences = []
    for _ in range(rng.randint(4, 7)):
        a, b = rng.sample(COUNTRIES, 2)
        sentences.append(
            rng.choice(TEMPLATES).format(
                a=a,
                b=b,
                city=rng.choice(CITIES),
                day=rng.choice(DAYS),
                product=rng.choice(PRODUCTS),
                n=rng.randint(2, 60),
            )
        )
    sentences.append(f"The report was number {serial} in a series on regional trade.")
    return " ".join(sentences) + "\n"


def write_corpus(folder: Path, n: int, seed: int = 7) -> list[Path]:
    """`n` article files in `folder`, named in reading order."""
    rng = random.Random(seed)
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for i in range(n):
        path = folder / f"article-{i:05d}.txt"
        path.write_text(article(rng, i), encoding="utf-8")
        paths.append(path)
    return paths
