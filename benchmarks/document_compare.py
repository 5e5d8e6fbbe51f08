"""Comparing two versions of the Handlungskonzept: does ``compare_versions`` grow linearly?

``python -m benchmarks.document_compare`` builds synthetic documents of 50, 100 and 200 sections
of about 500 German-like words each (paragraphs of varied words and compounds with umlauts and
ß, a Markdown list in every section, a pipe table in every tenth), and a second version of each:
a tenth of the sections have their body edited (words replaced, inserted and deleted within
lines, and in every third of them a paragraph added), and besides those one section is moved,
one renamed, one added and one removed. It times :func:`documents.compare.compare_versions` on
each pair (best of several runs after a warm-up) and prints the times and the ratio for each
doubling of the document (target: ≤ 2.3, i.e. linear with some slack). No database and no
app: the comparison is pure.

The ratio is judged on the process's CPU time (``time.process_time``), the wall-clock time is
reported beside it: on a shared machine a run of 50–80 ms is often interrupted by other
processes, which moves the wall-clock ratio by ±0.4 from one run to the next, while the CPU
time, which counts only this process's work, stays within a few per cent.
"""

from __future__ import annotations

import argparse
import random
import time

from documents.compare import Comparison, SectionText, compare_versions

SIZES = (50, 100, 200)
WORDS_PER_SECTION = 500
TARGET_RATIO = 2.3
_STEM_TEXT = (
    "Integration Beratung Kommune Förderung Übergang Schule Beruf Sprache Maßnahme "
    "Straße Behörde Ausländer Teilhabe Wohnung Gesundheit Familie Jugend Arbeit "
    "Ehrenamt Netzwerk Steuerung Qualität Bildung Größe Einbürgerung Fall Management "
    "Konzept Ziel Bericht Kreis Stadt"
)
_WORD_TEXT = (
    "die der und für mit wird werden durch im zur den eine gemeinsam verbindlich "
    "jährlich künftig weiterhin außerdem dafür abgestimmt überprüft umgesetzt "
    "gestärkt erweitert beschlossen größer"
)
STEMS = tuple(_STEM_TEXT.split())
WORDS = tuple(_WORD_TEXT.split())
TOWNS = ("Neuss", "Dormagen", "Grevenbroich", "Kaarst", "Meerbusch", "Jüchen", "Korschenbroich")


def _word(rng: random.Random) -> str:
    roll = rng.random()
    if roll < 0.45:
        return rng.choice(WORDS)
    if roll < 0.75:
        return rng.choice(STEMS)
    # Compounds make the vocabulary large, as in real German text.
    return rng.choice(STEMS) + rng.choice(STEMS).lower() + rng.choice(("", "s", "en", "n"))


def _sentence(rng: random.Random, words: int) -> str:
    text = " ".join(_word(rng) for _ in range(words))
    return text[0].upper() + text[1:] + "."


def _body(rng: random.Random, number: int) -> str:
    """Return about ``WORDS_PER_SECTION`` words: paragraphs, a list and sometimes a table."""
    items = [f"- {_sentence(rng, 8)}" for _ in range(5)]
    parts = ["\n".join(items)]
    if number % 10 == 0:
        rows = [f"| {town} | {rng.randint(10, 400)} | {_word(rng)} |" for town in TOWNS]
        parts.append("| Kommune | Fälle | Schwerpunkt |\n|---|---|---|\n" + "\n".join(rows))
    count = sum(len(part.split()) for part in parts)
    while count < WORDS_PER_SECTION:
        paragraph = " ".join(_sentence(rng, rng.randint(8, 18)) for _ in range(5))
        parts.insert(len(parts) // 2, paragraph)
        count += len(paragraph.split())
    return "\n\n".join(parts)


def build_document(sections: int, seed: int = 7) -> list[SectionText]:
    """Return a synthetic version of ``sections`` sections, keys 1..n, levels 1–3."""
    rng = random.Random(seed + sections)
    return [
        SectionText(
            key=number,
            level=1 if number % 10 == 1 else 2 if number % 3 else 3,
            heading=f"{number}. {rng.choice(STEMS)} und {rng.choice(STEMS)}",
            body=_body(rng, number),
        )
        for number in range(1, sections + 1)
    ]


def _edit(rng: random.Random, body: str, new_paragraph: bool) -> str:
    """Replace, insert and delete a few words within lines; maybe add a paragraph at the end."""
    words = body.split(" ")
    inner = [index for index, word in enumerate(words) if "\n" not in word]
    for index in rng.sample(inner, 5):
        words[index] = _word(rng)
    for index in sorted(rng.sample(inner, 2), reverse=True):
        words.insert(index, _word(rng))
    for index in sorted(rng.sample(inner, 2), reverse=True):
        del words[index]
    edited = " ".join(words)
    return edited + "\n\n" + _sentence(rng, 12) if new_paragraph else edited


def revise(document: list[SectionText], seed: int = 11) -> list[SectionText]:
    """Return the next version: 10 % bodies edited, one section moved, renamed, added, removed."""
    rng = random.Random(seed + len(document))
    revised = list(document)
    size = len(revised)
    renamed, removed, moved = size // 3, size // 2, size // 5
    others = [index for index in range(size) if index not in (renamed, removed, moved)]
    for count, index in enumerate(rng.sample(others, size // 10)):
        section = revised[index]
        body = _edit(rng, section.body, new_paragraph=count % 3 == 0)
        revised[index] = SectionText(section.key, section.level, section.heading, body)
    section = revised[renamed]
    revised[renamed] = SectionText(
        section.key, section.level, section.heading + " (neu gefasst)", section.body
    )
    gone, shifted = revised[removed], revised[moved]
    revised = [section for section in revised if section not in (gone, shifted)]
    revised.insert(size - 10, shifted)
    added = SectionText(size + 1, 2, "Neuer Abschnitt", _body(rng, size + 1))
    revised.insert(size // 4, added)
    return revised


def _best_ms(old: list[SectionText], new: list[SectionText], repeats: int) -> tuple[float, float]:
    """Return the best wall-clock time and the best CPU time of the process, in ms."""
    wall = cpu = float("inf")
    for _ in range(repeats):
        started, started_cpu = time.perf_counter(), time.process_time()
        compare_versions(old, new)
        cpu = min(cpu, time.process_time() - started_cpu)
        wall = min(wall, time.perf_counter() - started)
    return wall * 1000, cpu * 1000


def measure(sizes: tuple[int, ...] = SIZES, repeats: int = 15) -> dict:
    """Time ``compare_versions`` on each document size; return times, ratios and checks."""
    rows = []
    for size in sizes:
        old = build_document(size)
        new = revise(old)
        comparison: Comparison = compare_versions(old, new)  # warm-up, and the sanity check
        best_ms, best_cpu_ms = _best_ms(old, new, repeats)
        rows.append(
            {
                "sections": size,
                "words": sum(len(section.body.split()) for section in old),
                "best_ms": best_ms,
                "best_cpu_ms": best_cpu_ms,
                "counts": comparison.summary.counts,
            }
        )
    for previous, row in zip(rows, rows[1:], strict=False):
        row["ratio"] = row["best_cpu_ms"] / previous["best_cpu_ms"]
        row["wall_ratio"] = row["best_ms"] / previous["best_ms"]
    return {"rows": rows, "repeats": repeats, "target_ratio": TARGET_RATIO}


def summary(result: dict) -> str:
    """Return the lines the harness prints."""
    lines = [
        f"Document comparison, best of {result['repeats']} runs after a warm-up "
        "(CPU time; wall clock in brackets):"
    ]
    for row in result["rows"]:
        counts = row["counts"]
        ratio = ""
        if "ratio" in row:
            verdict = "met" if row["ratio"] <= TARGET_RATIO else "MISSED"
            ratio = (
                f", × {row['ratio']:.2f} ({row['wall_ratio']:.2f}) for the doubling "
                f"(target ≤ {TARGET_RATIO}: {verdict})"
            )
        lines.append(
            f"  {row['sections']:>4} sections ({row['words']:,} words): "
            f"{row['best_cpu_ms']:.1f} ({row['best_ms']:.1f}) ms{ratio}; "
            f"changed {counts['changed']}, moved {counts['moved']}, "
            f"renamed {counts['renamed']}, added {counts['added']}, removed {counts['removed']}"
        )
    return "\n".join(lines)


def missed(result: dict) -> list[str]:
    """Return the missed targets, if any, in the words of the harness's list."""
    return [
        f"document comparison: {row['sections']} sections took × {row['ratio']:.2f} the CPU "
        f"time of half as many (target ≤ {TARGET_RATIO})"
        for row in result["rows"]
        if row.get("ratio", 0) > TARGET_RATIO
    ]


def main(argv: list[str] | None = None) -> int:
    """Measure and print; exit 0 even when the target is missed."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=15)
    args = parser.parse_args(argv)
    print(summary(measure(repeats=args.repeats)))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
