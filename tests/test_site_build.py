"""The real archive, built from content/ into a temp folder and read as a reader would."""

import hashlib
import http.server
import re
import shutil
import threading
from functools import partial
from urllib.parse import urljoin
from urllib.request import urlopen

import pytest
from bs4 import BeautifulSoup
from conftest import SEEDS, copy_content, run_build

ARTICLE_PAGES = "articles/*.html"


def article_pages(build):
    return sorted(build.output.glob(ARTICLE_PAGES))


def page_for(build, source_name):
    for path in article_pages(build):
        soup = build.page(str(path.relative_to(build.output)))
        if soup.find("a", href=re.compile(re.escape(source_name) + "$")):
            return soup
    raise AssertionError(f"no article page links {source_name}")


def sentences(text: str) -> list[str]:
    """A coarse split (by line, then after closing punctuation), enough to check nothing is lost."""
    return [
        sentence
        for line in text.splitlines()
        for sentence in re.split(r"(?<=[.!?”])\s+", " ".join(line.split()))
        if sentence
    ]


def test_five_article_pages_and_five_outlet_pages(seed_build):
    assert len(article_pages(seed_build)) == 5
    assert len(list(seed_build.output.glob("outlets/*.html"))) == 5
    for name in ("index.html", "articles.html", "outlets.html", "report.html"):
        assert (seed_build.output / name).is_file()
    assert "WARNING" not in seed_build.log and "ERROR" not in seed_build.log


@pytest.mark.parametrize("seed", SEEDS, ids=lambda p: p.name[:3])
def test_every_sentence_of_the_raw_file_is_on_its_page(seed_build, seed):
    soup = page_for(seed_build, seed.name)
    # An editor's note sits between paragraphs but is not the article's words.
    for added in soup.select("aside.editor-note"):
        added.decompose()
    page = " ".join(soup.get_text("").split())
    missing = [s for s in sentences(seed.read_text(encoding="utf-8")) if s not in page]
    assert missing == []


@pytest.mark.parametrize("seed", SEEDS, ids=lambda p: p.name[:3])
def test_raw_file_is_published_byte_for_byte_with_its_sha256(seed_build, seed):
    soup = page_for(seed_build, seed.name)
    digest = hashlib.sha256(seed.read_bytes()).hexdigest()
    assert digest in soup.get_text()
    assert (seed_build.output / "raw" / seed.name).read_bytes() == seed.read_bytes()


def about(soup, label: str) -> str:
    """The text of one row of an article page's "About this capture" list."""
    term = soup.find("dt", string=re.compile(rf"^\s*{label}\s*$"))
    return " ".join(term.find_next_sibling("dd").get_text(" ").split())


def test_dates_show_their_provenance(seed_build):
    metro = page_for(seed_build, "002_996f5d06f27be889.txt")
    published = about(metro, "Published")
    assert published.startswith("5 Feb 2025")
    assert "stated" in published and "read day-month-year" in published
    assert "05-02-2025 12:00:00 AM" in published
    retrieved = about(metro, "Retrieved")
    assert retrieved.startswith("5 Dec 2025") and "stated" in retrieved
    hub = about(page_for(seed_build, "003_979046fa02e13a40.txt"), "Published")
    assert hub.startswith("no earlier than 4 Feb 2025") and "inferred" in hub
    assert "the embedded post on X is dated 2025-02-04" in hub
    news_az = about(page_for(seed_build, "000_11177d8c1a0bff24.txt"), "Published")
    assert "‘Monday’ resolved against the story's event date 2025-02-03" in news_az
    assert "unknown" in about(page_for(seed_build, "000_11177d8c1a0bff24.txt"), "Retrieved")


def test_article_page_structure(seed_build):
    blog = page_for(seed_build, "001_14509c0c2ea3e7eb.txt")
    body = blog.find(class_="article-body")
    assert [h.get_text() for h in body.find_all("h2")] == [
        '"A Special Act of Friendship"',
        "Bukele Confirms the Deal",
        "Human Rights Concerns",
    ]
    assert len(body.select("ul.marked > li")) == 6
    ids = [tag["id"] for tag in body.find_all(id=True)]
    # Besides the paragraphs, only an editor's notes and their marked passages carry ids.
    paragraphs = [i for i in ids if not i.startswith(("note-", "noted-"))]
    assert paragraphs == [f"p{n}" for n in range(1, len(paragraphs) + 1)]
    hub = page_for(seed_build, "003_979046fa02e13a40.txt")
    embed = hub.find("blockquote", class_="embed")
    assert "Nayib Bukele (@nayibbukele) February 4, 2025" in embed.get_text()


def test_furniture_is_shown_verbatim_not_dropped(seed_build):
    metro = page_for(seed_build, "002_996f5d06f27be889.txt").get_text(" ")
    for text in ("calender_icon.png 5 December, 2025 | 3:27 AM", "05-02-2025 12:00:00 AM"):
        assert text in metro


def test_markdown_post_is_linked_and_dated(seed_build):
    soup = page_for(seed_build, "002_996f5d06f27be889.txt")
    link = soup.find("a", href=re.compile(r"posts/2025-02-05-.*\.md$"))
    assert link is not None
    post = (seed_build.output / "articles" / link["href"]).resolve()
    assert post.read_text(encoding="utf-8").startswith("Title: Unprecedented deal with US\n")


def test_outlet_pages_show_status_and_what_it_cites(seed_build):
    metro = seed_build.page("outlets/metro-india-metroindia-net.html").get_text(" ")
    assert "unverified" in metro
    assert "told CNN over email" in metro and "Agencies" in metro
    news_az = seed_build.page("outlets/news-az.html").get_text(" ")
    assert "confirmed" in news_az and "citing CNN" in news_az
    blog = seed_build.page("outlets/helloshuttle-com-blog.html").get_text(" ")
    assert "according to CNN" in blog


def test_home_page_tells_the_story_newest_first(seed_build):
    home = seed_build.page("index.html")
    assert "El Salvador offers to jail US deportees" in home.find("h1").get_text()
    text = home.get_text(" ")
    assert "Rubio meets Bukele" in text and "Bukele confirms the offer" in text
    order = [a.get_text(" ", strip=True) for a in home.select("main a[href*='articles/']")]
    assert order[0] == "Unprecedented deal with US"
    assert len(home.select("main a[href*='outlets/']")) >= 5


def test_a_sixth_article_appears_everywhere_after_a_rebuild(tmp_path):
    content = copy_content(tmp_path / "content")
    output = tmp_path / "output"
    assert run_build(content, output).returncode == 0
    (content / "005_new.txt").write_text(
        "Bukele said on Monday that CECOT would take the deportees, Reuters reported.\n",
        encoding="utf-8",
    )
    (content / "005_new.yaml").write_text(
        "outlet: Example Wire\nheadline: Bukele opens CECOT to US deportees\n"
        "published: 2025-02-06\nstatus: confirmed\n",
        encoding="utf-8",
    )
    build = run_build(content, output)
    assert build.returncode == 0, build.log
    assert len(article_pages(build)) == 6
    for page in ("index.html", "articles.html", "outlets/example-wire.html"):
        assert "Bukele opens CECOT to US deportees" in build.page(page).get_text(), page
    assert "Example Wire" in build.page("outlets.html").get_text()
    home = build.page("index.html")
    first = home.select("main a[href*='articles/']")[0].get_text(" ", strip=True)
    assert first == "Bukele opens CECOT to US deportees"


def test_site_works_served_under_a_sub_path(seed_build, tmp_path):
    """Served as http://host/archive/, every link on every page still answers 200."""
    root = tmp_path / "www"
    shutil.copytree(seed_build.output, root / "archive")
    handler = partial(http.server.SimpleHTTPRequestHandler, directory=str(root))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    server.RequestHandlerClass.log_message = lambda *args: None
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    base = f"http://127.0.0.1:{server.server_address[1]}/archive/"
    try:
        checked = set()
        for page in sorted(seed_build.output.rglob("*.html")):
            url = urljoin(base, str(page.relative_to(seed_build.output)))
            soup = BeautifulSoup(urlopen(url).read(), "html.parser")
            for tag in soup.find_all(["a", "link"], href=True):
                target = urljoin(url, tag["href"]).split("#")[0]
                if target.startswith(base) and target not in checked:
                    assert urlopen(target).status == 200, f"{url} → {target}"
                    checked.add(target)
        assert len(checked) > 20
    finally:
        server.shutdown()


def test_an_article_with_no_date_evidence_is_undated_not_dated(tmp_path):
    content = copy_content(tmp_path / "content")
    (content / "040_undated.txt").write_text(
        "A capture that names no day at all, and no sidecar says when it appeared.\n",
        encoding="utf-8",
    )
    build = run_build(content, tmp_path / "output")
    assert build.returncode == 0, build.log
    assert list((build.output / "posts").glob("undated-*.md"))
    (page,) = [
        p for p in (build.output / "articles").glob("*.html") if "040_undated" in p.read_text()
    ]
    soup = build.page(str(page.relative_to(build.output)))
    assert about(soup, "Published").startswith("unknown")
