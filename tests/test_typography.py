"""French typography of a whole page (analysis.display.typography)."""

from analysis.display.typography import typeset_page, typeset_text_nodes

NNBSP = "\u202f"
NBSP = "\u00a0"
MINUS = "\u2212"


def test_the_text_between_tags_gets_the_minus_sign_and_no_break_spaces():
    html = '<p class="x-1">baisse de -5 % pour 10 000 habitants</p>'
    assert typeset_text_nodes(html) == (
        f'<p class="x-1">baisse de {MINUS}5{NBSP}% pour 10{NNBSP}000{NBSP}habitants</p>')


def test_attributes_scripts_styles_code_and_svg_are_left_as_they_are():
    html = ('<a title="-5 t" href="p-1.html">-5 t</a><style>a{margin:-1px 0}</style>'
            '<script>var a = -1;</script><code>x = -1</code><svg><text>-2 t</text></svg>'
            '<p>-3 t</p>')
    assert typeset_text_nodes(html) == (
        f'<a title="-5 t" href="p-1.html">{MINUS}5{NBSP}t</a><style>a{{margin:-1px 0}}</style>'
        '<script>var a = -1;</script><code>x = -1</code><svg><text>-2 t</text></svg>'
        f'<p>{MINUS}3{NBSP}t</p>')


def test_only_the_main_part_of_a_page_is_typeset():
    page = "<head><title>-1 t</title></head><body><main><p>-1 t</p></main><p>-2 t</p></body>"
    assert typeset_page(page) == (
        f"<head><title>-1 t</title></head><body><main><p>{MINUS}1{NBSP}t</p></main>"
        "<p>-2 t</p></body>")


def test_a_page_without_main_is_typeset_from_its_body():
    assert typeset_page("<title>-1</title><body><p>-1</p></body>") == (
        f"<title>-1</title><body><p>{MINUS}1</p></body>")
