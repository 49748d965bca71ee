from coverage.search_index import pages_glob


def test_the_glob_matches_each_searched_kind_of_page_and_nothing_else():
    glob = pages_glob(["articles/{slug}.html", "claims/{id}.html", "quotes/{id}.html"])
    assert glob == "{articles/*.html,claims/*.html,quotes/*.html}"


def test_url_fields_with_formats_become_one_wildcard():
    assert pages_glob(["{date:%Y}/{slug}.html", ""]) == "*/*.html"


def test_kinds_turned_off_are_left_out_and_nothing_left_means_every_page():
    assert pages_glob(["", "", "outlets/{slug}.html", "outlets/{slug}.html"]) == "outlets/*.html"
    assert pages_glob(["", ""]) == "**/*.html"
