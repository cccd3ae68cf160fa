"""Read a standard's text (as extracted from its PDF, ../shared/seeds/) into
clauses and requirements, by the reading itss-model(5) describes for
specifications:

- every list item under a clause is one requirement (its own label, or a,
  b, c by position where the list has none);
- the paragraphs of a clause before its list are its lead, not requirements;
- a numbered clause with text and no list is one requirement, its whole text;
- a paragraph of a headed clause that has no list is one requirement;
- chapters 1-3, notes, figures, tables, appendices and the bibliography are
  not requirements;
- a list item broken by the extraction (a line that does not end a
  sentence, followed by a line that is not an item) is one item.

Used by tools/seed2model.py; prints the reading with --dump.
"""
import re
import sys

NUM = r'\d+(?:\.\d+)*'
HEAD_RE = re.compile(r'^(?:- )?(' + NUM + r') (\S.*)$')
ITEM_RE = re.compile(r'^\s*- (?:([a-z])\) ?)?(.*)$')
END_PUNCT = '；。;.:：'


def is_heading(text):
    """A clause heading (short, no sentence punctuation), not a statement."""
    return len(text) <= 30 and not re.search(r'[，。；：,;:]', text)


class Clause:
    def __init__(self, number, heading, text=None):
        self.number = number
        self.heading = heading      # its own heading, or None
        self.text = text            # a numbered statement's text
        self.paras = []             # paragraphs before the list
        self.items = []             # [label or None, text]
        self.after = []             # paragraphs after the list
        self.parents = []           # (number, heading) of the headed ancestors

    def requirements(self):
        """[(id, text)] as the reading above gives them."""
        if self.items:
            out = []
            for k, (label, text) in enumerate(self.items):
                letter = label or chr(ord('a') + k)
                if label and label != chr(ord('a') + k):
                    raise SystemExit('%s: label %s) out of order' % (self.number, label))
                out.append(('%s.%s' % (self.number, letter), text))
            if self.after:
                raise SystemExit('%s: text after its list: %r' % (self.number, self.after))
            return out
        texts = ([self.text] if self.text else []) + self.paras
        if not texts:
            return []
        if len(texts) > 1:
            raise SystemExit('%s: %d paragraphs and no list' % (self.number, len(texts)))
        return [(self.number, texts[0])]

    def lead(self):
        if not self.items:
            return None
        texts = ([self.text] if self.text else []) + self.paras
        return '\n'.join(texts) if texts else None


def parse(path, first_chapter, stop_patterns):
    lines = open(path, encoding='utf-8').read().split('\n')
    # The body starts at the first chapter heading after the table of
    # contents (whose lines end in a tab and a page number).
    start = None
    for i, l in enumerate(lines):
        if re.match(r'^%d \S' % first_chapter, l) and '\t' not in l:
            start = i
            break
    clauses = []
    cur = None
    headed = {}     # number -> heading, for parents
    in_table = False
    for raw in lines[start:]:
        l = raw.rstrip()
        s = l.strip()
        if any(re.match(p, s) for p in stop_patterns):
            break
        if not s:
            in_table = False
            continue
        if re.match(r'^(表|图)\s*[A-Z]?\.?\d', s):
            in_table = s.startswith('表')
            continue
        if in_table or '\t' in s:
            continue
        if s.startswith('注') and (s.startswith('注：') or s.startswith('注:') or re.match(r'^注\d', s)):
            continue
        m = HEAD_RE.match(s)
        if m and (not s.startswith('- ') or not re.match(r'^[a-z]\)', m.group(2))):
            number, rest = m.group(1), m.group(2)
            if is_heading(rest):
                headed[number] = rest
                cur = Clause(number, rest)
            else:
                cur = Clause(number, None, rest)
            parts = number.split('.')
            cur.parents = [('.'.join(parts[:k]), headed.get('.'.join(parts[:k])))
                           for k in range(1, len(parts))]
            clauses.append(cur)
            continue
        m = ITEM_RE.match(l)
        if m and cur is not None:
            cur.items.append([m.group(1), m.group(2).strip()])
            continue
        if cur is None:
            continue
        # A paragraph: a broken list item, or text of the clause.
        if cur.items and cur.items[-1][1] and cur.items[-1][1][-1] not in END_PUNCT:
            cur.items[-1][1] += s
            continue
        if cur.items:
            cur.after.append(s)
        else:
            cur.paras.append(s)
    return clauses


def counts(clauses):
    c = {}
    for cl in clauses:
        ch = cl.number.split('.')[0]
        c[ch] = c.get(ch, 0) + len(cl.requirements())
    return c


if __name__ == '__main__':
    path, first = sys.argv[1], int(sys.argv[2])
    stops = [r'^参 考 文 献', r'^附录 A']
    cl = parse(path, first, stops)
    if '--dump' in sys.argv:
        for c in cl:
            print(c.number, c.heading or '', '| lead:', (c.lead() or '')[:30])
            for rid, text in c.requirements():
                print('   ', rid, text[:40])
    print(counts(cl), sum(counts(cl).values()))
