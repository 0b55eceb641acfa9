"""The gettext catalogues (Babel): `make translations` runs this.

    python tools/translations.py          gather the words to translate from the code and the
                                          templates into messages.pot, add new ones to each
                                          language's messages.po (untranslated, to translate
                                          there), drop ones no longer used, compile messages.mo
    python tools/translations.py --check  change nothing; fail if a catalogue is stale, a word
                                          has no translation, or a .mo is not its .po compiled

The .mo files are committed with their .po, so the site runs from any checkout without a
build step; tests/test_spanish.py runs the check. Nothing is rewritten when no word changed.
"""

import argparse
import io
import subprocess
import sys
import tempfile
from pathlib import Path

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po, write_po

ROOT = Path(__file__).resolve().parent.parent
FOLDER = ROOT / "microsite" / "translations"
TEMPLATE = FOLDER / "messages.pot"
KEYWORDS = ["_l", "lazy_gettext"]  # besides gettext, _ and N_, which pybabel knows


def catalogues():
    """{language: path of its messages.po}."""
    return {path.parent.parent.name: path for path in sorted(FOLDER.glob("*/LC_MESSAGES/messages.po"))}


def extract(output):
    """Gather the words to translate into `output` (a .pot), with paths relative to the
    repository in its comments, as pybabel extract does."""
    keywords = [arg for keyword in KEYWORDS for arg in ("--keyword", keyword)]
    command = ["extract", "--mapping-file", str(FOLDER / "babel.cfg"), *keywords, "--sort-by-file"]
    command += ["--ignore-dirs", ".* _* node_modules instance", "--project", "Pain clinic microsite"]
    subprocess.run(
        [sys.executable, "-c", "from babel.messages.frontend import main; main()", "--quiet", *command]
        + ["--output-file", str(output), "."],
        cwd=ROOT,
        check=True,
    )
    return read(output)


def read(path, locale=None):
    with open(path, "rb") as file:
        return read_po(file, locale=locale)


def compiled(catalogue):
    out = io.BytesIO()
    write_mo(out, catalogue)
    return out.getvalue()


def same_words(a, b):
    return [(m.id, m.locations) for m in a] == [(m.id, m.locations) for m in b]


def update():
    with tempfile.TemporaryDirectory() as folder:
        template = extract(Path(folder) / "messages.pot")
    if same_words(template, read(TEMPLATE)):
        template = read(TEMPLATE)  # keep its date, and so every file as it is
    else:
        with open(TEMPLATE, "wb") as file:
            write_po(file, template, sort_by_file=True)
    for language, path in catalogues().items():
        catalogue = read(path, language)
        catalogue.update(template, no_fuzzy_matching=True)  # a guessed translation is worse than none
        catalogue.obsolete.clear()
        with open(path, "wb") as file:
            write_po(file, catalogue, sort_by_file=True)
        path.with_suffix(".mo").write_bytes(compiled(catalogue))
        untranslated = [message.id for message in catalogue if message.id and not message.string]
        for message_id in untranslated:
            print(f"{language}: to translate in {shown(path)}: {message_id!r}")


def shown(path):
    return path.relative_to(ROOT) if path.is_relative_to(ROOT) else path


def problems():
    """What is wrong with the catalogues as committed, in words."""
    with tempfile.TemporaryDirectory() as folder:
        wanted = {message.id for message in extract(Path(folder) / "messages.pot") if message.id}
    found = []
    if {message.id for message in read(TEMPLATE) if message.id} != wanted:
        found.append("messages.pot is stale: run make translations")
    for language, path in catalogues().items():
        catalogue = read(path, language)
        have = {message.id for message in catalogue if message.id}
        found += [f"{language}: no entry for {message_id!r}: run make translations" for message_id in wanted - have]
        found += [
            f"{language}: {message_id!r} is no longer used: run make translations" for message_id in have - wanted
        ]
        for message in catalogue:
            if message.id and (not message.string or message.fuzzy):
                found.append(f"{language}: {message.id!r} has no translation in {shown(path)}")
        if path.with_suffix(".mo").read_bytes() != compiled(catalogue):
            found.append(f"{language}: messages.mo is not messages.po compiled: run make translations")
    return found


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--check", action="store_true", help="change nothing; fail on anything to do")
    if parser.parse_args().check:
        found = problems()
        print("\n".join(found) or "The catalogues are up to date and complete.")
        return 1 if found else 0
    update()
    return 0


if __name__ == "__main__":
    sys.exit(main())
