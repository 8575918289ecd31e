"""What a browser submits from an HTML form, for the suites and the benchmarks that drive the staff
console as a browser would (tests/cluster/run.py, bench/run). Standard library only."""

import html.parser


class FormFields(html.parser.HTMLParser):
    """What a browser submits from the first <form> whose class has `form_class`: its action and
    its fields in document order (inputs, ticked boxes, each select's selected option, textareas)."""

    def __init__(self, form_class):
        super().__init__(convert_charrefs=True)
        self.form_class = form_class
        self.inside = False
        self.done = False
        self.action = None
        self.fields = []
        self.select = None  # [name, first option's value, selected option's value]
        self.textarea = None  # [name, text]

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form" and not self.done and self.form_class in (a.get("class") or "").split():
            self.inside, self.action = True, a.get("action")
        if not self.inside:
            return
        name = a.get("name")
        if tag == "input" and name:
            kind = (a.get("type") or "text").lower()
            if kind in ("checkbox", "radio"):
                if "checked" in a:
                    self.fields.append((name, a.get("value") or "on"))
            elif kind not in ("submit", "button", "reset", "file", "image"):
                self.fields.append((name, a.get("value") or ""))
        elif tag == "select":
            self.select = [name, None, None]
        elif tag == "option" and self.select is not None:
            value = a.get("value") or ""
            if self.select[1] is None:
                self.select[1] = value
            if "selected" in a:
                self.select[2] = value
        elif tag == "textarea" and name:
            self.textarea = [name, ""]

    def handle_data(self, data):
        if self.textarea is not None:
            self.textarea[1] += data

    def handle_endtag(self, tag):
        if not self.inside:
            return
        if tag == "select" and self.select is not None:
            name, first, selected = self.select
            if name and (selected is not None or first is not None):
                self.fields.append((name, selected if selected is not None else first))
            self.select = None
        elif tag == "textarea" and self.textarea is not None:
            self.fields.append(tuple(self.textarea))
            self.textarea = None
        elif tag == "form":
            self.inside, self.done = False, True
