"""Name variants found in real multi-outlet stories, printed for a person to judge.

    .venv/bin/python benchmarks/name_variants.py [--data ../shared/data] [--json]

No data set labels name variants, so this lists every one that ``compare.names`` finds in the
stories of BASIL (100 events, three outlets each) and NewsWCL50 (10 events, five outlets), as the
synopsis would (``name_mentions`` then ``name_variants`` over each story's articles), with the
count. A reader marks each as right or wrong; benchmarks/README.md holds the last judgement.
No model is loaded: it takes a few seconds.
"""

from __future__ import annotations

import argparse
import json
from collections import defaultdict
from pathlib import Path
from typing import Any

from synoptic.compare.names import name_mentions, name_variants
from synoptic.evaluate.clustering import load_basil, load_newswcl50

DATA = Path(__file__).resolve().parents[1].parent / "shared" / "data"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data", type=Path, default=DATA)
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    args = parser.parse_args()
    stories: defaultdict[str, list[tuple[str, str, str]]] = defaultdict(list)
    corpora = {"basil": load_basil(args.data / "basil"), "newswcl50": load_newswcl50(args.data / "newswcl50")}
    for corpus, loaded in corpora.items():
        for labelled in loaded:
            item = labelled.item
            stories[f"{corpus}/{labelled.gold}"].append((item.id, item.outlet or item.id, item.text))
    found: list[dict[str, Any]] = []
    for story, articles in stories.items():
        mentions = name_mentions({article: text for article, _, text in articles})
        for variant in name_variants(mentions, {article: outlet for article, outlet, _ in articles}):
            forms = [form.form for form in variant.forms]
            found.append({"story": story, "forms": forms, "likely_misspelling": variant.likely_misspelling})
    if args.json:
        print(json.dumps({"stories": len(stories), "variants": found}, indent=2))
        return
    for row in found:
        print(f"{row['story']}: {' / '.join(row['forms'])} (likely misspelling: {row['likely_misspelling']})")
    print(f"{len(found)} name variants in {len(stories)} stories")


if __name__ == "__main__":
    main()
