from coverage.analysis import counted, figures


def read(text):
    return [(w.text, w.kind, w.value, w.unit) for w in figures.read(text)]


def test_a_gang_name_is_not_a_number():
    text = "be they MS-13 or Tren de Aragua, or F-16 pilots after COVID-19"
    assert figures.read(text) == ()
    assert figures.numbers(text) == ()


def test_counts_keep_their_separators_scale_and_bounding_words():
    assert read("many of the over 80,000 people jailed") == [("over 80,000", "count", 80000, "")]
    assert read("nearly 1.2 million people fled") == [
        ("nearly 1.2 million", "count", 1_200_000, "")
    ]
    assert figures.read("more than 81,000 people")[0].qualifier == "more than"


def test_money_and_shares_are_amounts_with_their_unit():
    assert read("$6 billion in aid and 40% of them") == [
        ("$6 billion", "amount", 6e9, "US$"),
        ("40%", "amount", 40, "%"),
    ]
    assert read("about €3bn, or 12 percent, and US$1.5m") == [
        ("about €3bn", "amount", 3e9, "€"),
        ("12 percent", "amount", 12, "%"),
        ("US$1.5m", "amount", 1_500_000, "US$"),
    ]
    assert read("a fee of 20,000 dollars") == [("20,000 dollars", "amount", 20000, "US$")]


def test_a_four_digit_number_is_a_year_unless_it_counts_something():
    assert read("since 2022, and in 2019.") == [
        ("2022", "year", 2022, "year"),
        ("2019", "year", 2019, "year"),
    ]
    assert read("the 2024 election") == [("2024", "year", 2024, "year")]
    assert read("2000 troops") == [("2000", "count", 2000, "")]
    assert read("more than 2000 troops") == [("more than 2000", "count", 2000, "")]
    assert read("2,022 people") == [("2,022", "count", 2022, "")]


def test_links_times_numeric_dates_and_ordinals_are_not_figures():
    assert read("pic.twitter.com/HTNwtp35Aq at 3:27 AM on 05-02-2025") == []
    assert read("his first tour, the 21st in a row, one of the most striking") == []


def test_number_words_count_unless_they_refer_back():
    assert read("his five-nation tour") == [("five", "count", 5, "")]
    assert read("two of the most notorious gangs") == [("two", "count", 2, "")]
    assert read("between the two nations") == []


def test_what_a_count_counts_is_the_noun_phrase_after_it_up_to_the_clause():
    text = "many of the over 80,000 people jailed under the state of emergency are innocent"
    start = text.index("over")
    assert counted.count_phrase(text, start, start + len("over 80,000")) == (
        "people jailed under the state of emergency",
        "people",
    )
    text = "nearly 350,000 Venezuelans living in the U.S. That means"
    assert counted.count_phrase(text, 0, 14) == ("Venezuelans living in the U.S.", "Venezuelans")


def test_x_of_n_and_compounds_name_what_is_measured():
    text = "the largest prison, with a maximum capacity of 40,000 inmates."
    start = text.index("40,000")
    assert counted.count_phrase(text, start, start + 6) == (
        "maximum capacity (inmates)",
        "inmates",
    )
    text = "his five-nation Central American tour—which"
    assert counted.count_phrase(text, 4, 8) == ("Central American tour (nations)", "nations")
    text = "a fee of $20,000."
    assert counted.count_phrase(text, 9, 16, "US$") == ("fee", "US$")
    text = "$6 billion in military aid"
    assert counted.count_phrase(text, 0, 10, "US$") == ("military aid", "US$")


def test_a_year_dates_the_event_before_it():
    def event(text, year):
        start = text.index(year)
        return counted.year_phrase(text, start, start + 4)

    assert event("Since taking office in 2019, Bukele", "2019") == ("taking office", "in")
    assert event(
        "under the state of emergency that has ruled the country since 2022, authorities", "2022"
    ) == ("state of emergency that has ruled the country", "since")
    assert event("Under the state of emergency—declared in 2022—authorities", "2022") == (
        "state of emergency declared",
        "in",
    )
    assert event("Meanwhile, El Salvador severed ties with Taiwan in 2018", "2018") == (
        "El Salvador severed ties with Taiwan",
        "in",
    )
    assert event("In 2019, Bukele won the election.", "2019") == ("Bukele won the election", "in")


def test_a_day_is_what_happened_on_it():
    def happened(text, day):
        start = text.index(day)
        return counted.day_phrase(text, start, start + len(day))

    assert happened("“… in the world,” Rubio told reporters Monday.", "Monday") == (
        "Rubio told reporters"
    )
    assert happened(
        "Secretary of State Marco Rubio announced the deal on February 3", "February 3"
    ) == ("Rubio announced the deal")
    assert happened(
        "reached during a Feb. 3 meeting between Rubio and Bukele, which", "Feb. 3"
    ) == ("meeting between Rubio and Bukele")
    assert happened(
        'El Salvador on Monday offered to house in its jails "criminals"', "Monday"
    ) == ("El Salvador offered to house in its jails")
