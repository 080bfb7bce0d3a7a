#!/usr/bin/env python3
"""Checks the course notes in a real browser (headless Chromium), as a reader would see them.

The site folder is served on 127.0.0.1 (a free port, stopped at the end); each page is loaded
in Chromium with MathJax given time to run, and the page's DOM after that is examined. A page
fails on:
  * a MathJax error element (class merror, mjx-svg-merror, MathJax_Error or noError): a formula
    TeX cannot parse (the site's MathJax configuration, docs/mathjax-config.js, sets
    addMMLclasses so the SVG output names its error element);
  * a formula left unrendered: fewer MathJax-Element-N-Frame elements than math/tex scripts, or
    TeX delimiters \\( \\[ left in the text (MathJax never ran);
  * an image, object or embed (and a script or stylesheet) whose file is not served (HTTP 404),
    or one loaded from another host (the site must work offline);
  * a link to a local .html page that does not exist, or to an anchor that page lacks;
  * an element of the page's content wider than its text column (div.contents): a figure or
    a formula cut off or widening the page; and an SVG figure without a viewBox shown narrower
    than it is drawn (cut off inside its box). The server adds layout.js (beside this file) to
    every HTML page it serves; it measures the page at --width pixels after MathJax ran and
    leaves its findings in the DOM. Content inside a box that scrolls sideways (program output,
    code) may be wider: the reader scrolls it.

Usage:
  check_site.py --root build/docs/html --page index.html --md-pages docs/pages \\
                [--screenshot PAGE=FILE] [--chromium chromium]
--md-pages DIR checks the page of every DIR/*.md, named by the {#id} on its first heading.
Exit status: 0 when every page passes, 1 when a problem was found, 2 for a usage error.
Standard library only.
"""

import argparse
import functools
import html
import html.parser
import io
import json
import http.server
import os
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request

CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--hide-scrollbars",
    "--virtual-time-budget=15000",
]
ERROR_CLASSES = {"merror", "MathJax_Error", "noError", "mjx-svg-merror", "mjx-merror"}
FRAME_ID = re.compile(r"^MathJax-Element-(\d+)-Frame$")
RAW_TEX = re.compile(r"\\\(|\\\[|\\begin\{")
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param",
        "source", "track", "wbr"}
SKIP_TEXT_TAGS = {"script", "style", "pre", "code", "textarea", "kbd", "tt"}
SKIP_TEXT_CLASSES = {"fragment", "line"}


LAYOUT_JS = os.path.join(os.path.dirname(os.path.abspath(__file__)), "layout.js")
LAYOUT_URL = "/__check_layout.js"
LAYOUT_REPORT = re.compile(r'<pre id="dl-layout-report"[^>]*>(.*?)</pre>', re.S)


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    """Serves the site, with the layout check added to every HTML page."""

    def log_message(self, *args):
        pass

    def send_head(self):
        path = urllib.parse.urlsplit(self.path).path
        if path == LAYOUT_URL:
            with open(LAYOUT_JS, "rb") as f:
                return self._send(f.read(), "text/javascript")
        local = self.translate_path(self.path)
        if local.endswith(".html") and os.path.isfile(local):
            with open(local, "rb") as f:
                body = f.read()
            tag = b'<script src="' + LAYOUT_URL.encode() + b'"></script>'
            i = body.rfind(b"</body>")
            body = body[:i] + tag + body[i:] if i >= 0 else body + tag
            return self._send(body, "text/html; charset=utf-8")
        return super().send_head()

    def _send(self, body, ctype):
        self.send_response(200)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        return io.BytesIO(body)


class Server:
    """The site folder on http://127.0.0.1:<free port>/ in a background thread."""

    def __init__(self, root):
        handler = functools.partial(QuietHandler, directory=root)
        self.httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
        self.base = "http://127.0.0.1:%d/" % self.httpd.server_address[1]
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.httpd.shutdown()
        self.httpd.server_close()
        self.thread.join(timeout=10)


class DomScan(html.parser.HTMLParser):
    """What the checker needs from one page's DOM after MathJax ran."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.stack = []           # (tag, skip_text, is_error)
        self.scripts = []         # TeX source of each math/tex script
        self.frames = 0           # MathJax-Element-N-Frame elements
        self.errors = []          # (TeX source, error text)
        self.raw_tex = []         # text snippets with TeX delimiters left in them
        self.resources = []       # (tag, url) of img/object/embed/script/link
        self.links = []           # href of <a>
        self._script = None       # text of the math/tex script being read
        self._error_text = None   # text inside the current error element
        self._frame_error = None  # error text seen in the last frame

    def _skipping(self):
        return any(skip for _, skip, _ in self.stack)

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        classes = set((a.get("class") or "").split())
        if tag == "script" and (a.get("type") or "").startswith("math/tex"):
            self._script = ""
        if FRAME_ID.match(a.get("id") or ""):
            self.frames += 1
            self._frame_error = None
        is_error = bool(classes & ERROR_CLASSES)
        if is_error and self._error_text is None:
            self._error_text = ""
        url = None
        if tag in ("img", "embed", "script"):
            url = a.get("src")
        elif tag == "object":
            url = a.get("data")
        elif tag == "link" and "stylesheet" in (a.get("rel") or ""):
            url = a.get("href")
        if url:
            self.resources.append((tag, url))
        if tag == "a" and a.get("href"):
            self.links.append(a["href"])
        if tag not in VOID:
            skip = tag in SKIP_TEXT_TAGS or bool(classes & SKIP_TEXT_CLASSES)
            self.stack.append((tag, skip, is_error))

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        if tag not in VOID and self.stack and self.stack[-1][0] == tag:
            self.handle_endtag(tag)

    def handle_endtag(self, tag):
        if tag in VOID or not any(t == tag for t, _, _ in self.stack):
            return
        while self.stack:
            t, _, is_error = self.stack.pop()
            if is_error and not any(e for _, _, e in self.stack):
                self._frame_error = (self._error_text or "").strip() or "(no message)"
                self._error_text = None
            if t == tag:
                break
        if tag == "script" and self._script is not None:
            tex = " ".join(self._script.split())
            self.scripts.append(tex)
            if self._frame_error is not None:
                self.errors.append((tex, self._frame_error))
                self._frame_error = None
            self._script = None

    def handle_data(self, data):
        if self._script is not None:
            self._script += data
            return
        if self._error_text is not None:
            self._error_text += data
        if not self._skipping() and RAW_TEX.search(data):
            self.raw_tex.append(" ".join(data.split())[:80])

    def close(self):
        super().close()
        if self._frame_error is not None:   # an error element not followed by its script
            self.errors.append(("?", self._frame_error))


def chromium_cmd(chromium, profile, *extra):
    return [chromium, *CHROMIUM_FLAGS, "--user-data-dir=" + profile, *extra]


def run_chromium(chromium, args, timeout=180):
    """Runs Chromium with a fresh profile folder; returns (exit status, stdout, stderr)."""
    profile = tempfile.mkdtemp(prefix="docs-check-chromium-")
    try:
        p = subprocess.run(chromium_cmd(chromium, profile, *args), stdout=subprocess.PIPE,
                           stderr=subprocess.PIPE, timeout=timeout)
        return p.returncode, p.stdout.decode("utf-8", "replace"), p.stderr.decode("utf-8",
                                                                                  "replace")
    except subprocess.TimeoutExpired:
        return 124, "", "timed out after %d s" % timeout
    finally:
        shutil.rmtree(profile, ignore_errors=True)


class Fetcher:
    """HTTP status and body of local URLs, cached."""

    def __init__(self):
        self.cache = {}

    def get(self, url):
        if url not in self.cache:
            try:
                with urllib.request.urlopen(url, timeout=30) as r:
                    self.cache[url] = (r.status, r.read())
            except urllib.error.HTTPError as e:
                self.cache[url] = (e.code, b"")
            except (urllib.error.URLError, OSError) as e:
                self.cache[url] = (str(e), b"")
        return self.cache[url]


def has_anchor(body, frag):
    frag = re.escape(urllib.parse.unquote(frag))
    return re.search(rb'(id|name)="' + frag.encode() + rb'"', body) is not None


def layout_problems(dom, width):
    """The overflows layout.js found, as messages (or why it did not report)."""
    m = LAYOUT_REPORT.search(dom)
    if not m:
        return ["the layout check did not run (no report from %s in the page)" % LAYOUT_URL]
    try:
        report = json.loads(html.unescape(m.group(1)))
    except ValueError:
        return ["the layout check's report is not JSON: %s" % m.group(1)[:200]]
    problems = ["%s is %d px wide, %d px past its %d px text column (window %d px wide)" %
                (o["element"], o["width"], o["past"], report["column"], width)
                for o in report["overflows"]]
    problems += ["%s is drawn %d px wide without a viewBox and shown in %d px: its right part "
                 "is cut off (window %d px wide)" % (o["element"], o["drawn"], o["shown"], width)
                 for o in report.get("cropped", [])]
    return problems


def column_of(dom):
    m = LAYOUT_REPORT.search(dom)
    try:
        return "%d px column" % json.loads(html.unescape(m.group(1)))["column"]
    except (AttributeError, ValueError, KeyError):
        return "column"


def check_page(chromium, base, page, fetcher, width=1280):
    """Returns (problems, summary) for one page."""
    url = urllib.parse.urljoin(base, page)
    status, _ = fetcher.get(url)
    if status != 200:
        return ["page not found (HTTP %s)" % status], ""
    rc, dom, err = run_chromium(chromium, ["--window-size=%d,2000" % width, "--dump-dom", url])
    if rc != 0 or "<html" not in dom:
        return ["Chromium failed (exit %s): %s" % (rc, err.strip()[-500:])], ""
    scan = DomScan()
    scan.feed(dom)
    scan.close()
    problems = []
    for tex, message in scan.errors:
        problems.append("MathJax error in formula %s: %s" % (tex, message))
    if scan.frames < len(scan.scripts):
        problems.append("%d of %d formulas left unrendered" %
                        (len(scan.scripts) - scan.frames, len(scan.scripts)))
    for text in scan.raw_tex:
        problems.append("TeX left in the text (MathJax did not run): %s" % text)
    problems.extend(layout_problems(dom, width))

    host = urllib.parse.urlsplit(base).netloc
    images = 0
    for tag, ref in scan.resources:
        target = urllib.parse.urljoin(url, ref)
        parts = urllib.parse.urlsplit(target)
        if parts.scheme == "data" or parts.path == LAYOUT_URL:
            continue
        if parts.scheme not in ("http", "https") or parts.netloc != host:
            problems.append("%s %s is loaded from outside the site (it must work offline)" %
                            (tag, ref))
            continue
        status, _ = fetcher.get(urllib.parse.urlunsplit(parts._replace(fragment="")))
        if status != 200:
            kind = "image" if tag in ("img", "object", "embed") else tag
            problems.append("%s %s did not load (HTTP %s)" % (kind, ref, status))
        elif tag in ("img", "object", "embed"):
            images += 1

    links = 0
    for ref in scan.links:
        target = urllib.parse.urljoin(url, ref)
        parts = urllib.parse.urlsplit(target)
        if parts.netloc != host or not parts.path.endswith(".html"):
            continue
        links += 1
        status, body = fetcher.get(urllib.parse.urlunsplit(parts._replace(fragment="")))
        if status != 200:
            problems.append("link %s: no such page (HTTP %s)" % (ref, status))
        elif parts.fragment and not has_anchor(body, parts.fragment):
            problems.append("link %s: the page has no anchor #%s" % (ref, parts.fragment))
    summary = "%d formulas rendered, %d images, %d internal links, content within the %s" % (
        len(scan.scripts), images, links, column_of(dom))
    return problems, summary


def pages_of(md_dir):
    """The HTML page of each DIR/*.md, from the {#id} label of its first heading."""
    pages = []
    for name in sorted(os.listdir(md_dir)):
        if not name.endswith(".md"):
            continue
        with open(os.path.join(md_dir, name), encoding="utf-8") as f:
            head = next((line for line in f if line.strip()), "")
        m = re.search(r"\{#([A-Za-z0-9_]+)\}", head)
        if name == "index.md":   # the main page (USE_MDFILE_AS_MAINPAGE)
            pages.append((name, "index.html"))
        elif not m:
            pages.append((name, None))
        else:
            label = m.group(1)
            pages.append((name, "index.html" if label in ("index", "mainpage") else
                          label + ".html"))
    return pages


def screenshot(chromium, base, page, path):
    url = urllib.parse.urljoin(base, page)
    os.makedirs(os.path.dirname(os.path.abspath(path)), exist_ok=True)
    if os.path.exists(path):
        os.remove(path)
    rc, _, err = run_chromium(chromium, ["--screenshot=" + os.path.abspath(path),
                                         "--window-size=1280,2000", url])
    if rc != 0 or not os.path.exists(path):
        return "screenshot of %s failed (exit %s): %s" % (page, rc, err.strip()[-300:])
    with open(path, "rb") as f:
        if f.read(8) != b"\x89PNG\r\n\x1a\n":
            return "screenshot %s is not a PNG file" % path
    return None


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--root", required=True, help="the site folder (build/docs/html)")
    ap.add_argument("--page", action="append", default=[], help="a page to check (repeatable)")
    ap.add_argument("--md-pages", action="append", default=[],
                    help="check the page of every *.md in this folder (repeatable)")
    ap.add_argument("--screenshot", action="append", default=[], metavar="PAGE=FILE",
                    help="save a 1280x2000 screenshot of PAGE to FILE")
    ap.add_argument("--chromium", default="chromium", help="the Chromium program")
    ap.add_argument("--width", type=int, action="append", default=[],
                    help="window width in pixels for the layout check (repeatable; default "
                         "1280)")
    args = ap.parse_args()

    if not os.path.isfile(os.path.join(args.root, args.page[0] if args.page else "index.html")):
        print("check_site: %s has no %s; build the site first (cmake --build build --target docs)"
              % (args.root, args.page[0] if args.page else "index.html"))
        return 2
    chromium = shutil.which(args.chromium)
    if not chromium:
        print("check_site: --chromium %s: program not found" % args.chromium)
        return 2

    failures = []
    pages = list(args.page)
    for d in args.md_pages:
        if not os.path.isdir(d):
            print("check_site: --md-pages %s: not a folder" % d)
            return 2
        for name, page in pages_of(d):
            if page is None:
                failures.append("%s: the first heading has no {#id} label" % name)
                print("FAIL %s: the first heading has no {#id} label, so its page has no known "
                      "name (start the file with '# Title {#page_id}')" % name)
            elif page not in pages:
                pages.append(page)

    start = time.time()
    fetcher = Fetcher()
    with Server(args.root) as server:
        widths = args.width or [1280]
        for page in pages:
            problems, summary = [], ""
            for width in widths:
                p, summary = check_page(chromium, server.base, page, fetcher, width)
                problems.extend(x for x in p if x not in problems)
            if problems:
                for p in problems:
                    print("FAIL %s: %s" % (page, p))
                failures.extend("%s: %s" % (page, p) for p in problems)
            else:
                print("OK %s: %s" % (page, summary))
            sys.stdout.flush()
        for spec in args.screenshot:
            page, _, path = spec.partition("=")
            problem = screenshot(chromium, server.base, page, path)
            if problem:
                print("FAIL " + problem)
                failures.append(problem)
            else:
                print("screenshot of %s saved to %s" % (page, path))
    print("check_site: %d page(s) in %.1f s, %d problem(s)" % (len(pages), time.time() - start,
                                                              len(failures)))
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
