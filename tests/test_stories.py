from coverage.analysis.stories import stories


def test_articles_sharing_a_claim_through_others_are_one_story():
    found = stories(["a", "b", "c", "d"], [{"a", "b"}, {"c", "b"}])
    assert found["a"] == found["b"] == found["c"]
    assert found["d"] != found["a"]


def test_separate_claims_make_separate_stories_numbered_in_article_order():
    found = stories(["x", "y", "z", "w"], [{"z", "w"}, {"x", "y"}])
    assert found == {"x": 0, "y": 0, "z": 1, "w": 1}


def test_an_article_with_no_claim_is_a_story_of_its_own():
    found = stories(["a", "b", "c"], [{"a", "b"}, set()])
    assert found == {"a": 0, "b": 0, "c": 1}


def test_a_long_chain_merges_into_one_story_whatever_the_order():
    names = [f"a{n}" for n in range(200)]
    links = [{names[n], names[n + 1]} for n in range(199)][::-1]
    assert set(stories(names, links).values()) == {0}
