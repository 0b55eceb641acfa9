"""Reading preferences on the server: the cookie, the classes on <html>, and each button."""

import pytest

from microsite.preferences import Preferences


def test_cookie_round_trip_and_classes():
    prefs = Preferences(size=150, scheme="dark-contrast", toggles=frozenset({"text-spacing", "readable-font"}))
    assert Preferences.parse(prefs.cookie()) == prefs
    assert prefs.classes() == "text-150 dark-contrast readable-font text-spacing"


@pytest.mark.parametrize("cookie", ['"><script>alert(1)</script>', "999.evil", "", None, "grayscale;x=1"])
def test_anything_unknown_in_the_cookie_is_ignored(cookie):
    classes = Preferences.parse(cookie).classes()
    assert classes in ("", "grayscale") and "<" not in classes


def test_schemes_replace_each_other_and_toggles_combine():
    prefs = Preferences()
    for setting in ("high-contrast", "underline-links", "light-background", "stop-animations"):
        prefs, _ = prefs.apply(setting)
    assert prefs.scheme == "light-background"
    assert prefs.toggles == {"underline-links", "stop-animations"}
    prefs, message = prefs.apply("light-background")
    assert prefs.scheme is None and message == "Light background off"
    assert prefs.apply("reset") == (Preferences(), "Reading preferences reset")


def test_text_size_steps_and_limits():
    prefs, sizes = Preferences(), []
    for _ in range(5):
        prefs, message = prefs.apply("bigger")
        sizes.append(prefs.size)
    assert sizes == [125, 150, 175, 200, 200] and message == "Text is already at its largest size"
    assert Preferences().apply("smaller") == (Preferences(), "Text is already at its smallest size")
