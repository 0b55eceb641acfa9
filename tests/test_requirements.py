"""The pinned requirements are compiled from the short lists of direct ones (make requirements),
and carry nothing of the machine they were compiled on."""

import re

from support import ROOT


def pins(name):
    text = (ROOT / name).read_text()
    return dict(re.findall(r"^([A-Za-z0-9_.\[\]-]+)==(\S+)", text, re.M)), text


def direct(name):
    lines = (line.split("#")[0].strip() for line in (ROOT / name).read_text().splitlines())
    return {re.split(r"[~=<>!\[ ]", line)[0].lower() for line in lines if line and not line.startswith("-")}


def test_every_direct_requirement_is_pinned_and_the_site_pins_are_the_tests_pins():
    site, site_text = pins("requirements.txt")
    dev, dev_text = pins("requirements-dev.txt")
    assert direct("requirements.in") <= {name.lower() for name in site}
    assert direct("requirements-dev.in") <= {re.sub(r"\[.*", "", name).lower() for name in dev}
    assert all(dev.get(name) == version for name, version in site.items()), "run make requirements"
    for text in (site_text, dev_text):
        assert "pip-compile" in text and "--index-url" not in text and "--find-links" not in text
        assert "file://" not in text and "/opt/" not in text
