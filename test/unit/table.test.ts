/** The one table layout (SPEC 10.3): fits the terminal without splitting tokens or colour codes; streams. */
import stringWidth from 'string-width';
import { beforeAll, describe, expect, it } from 'vitest';
import { FIRST_PAGE_ROWS, TableWriter, columnWidths, cut, loadTableLayout, renderTable, wrap } from '../../src/cli/render/table.js';

beforeAll(() => loadTableLayout());

const HEAD = ['TIME', 'MESSAGE', wrap('WHAT'), cut('TEXT'), 'REASON'];
const ROWS = [
  ['2026-03-10 14:20:00Z', 'T-202', 'customer message by customer ana in a conversation they follow', 'I was promised a call back around three and nobody called', 'not_following'],
  ['2026-03-10 14:21:00Z', 'm-1001', 'unfollowed item T-202', '', 'unfollowed'],
];
const SGR = /\x1b\[[0-9;]*m/g;
const plain = (text: string) => text.replace(SGR, '');
const widest = (text: string) => Math.max(...text.split('\n').map((l) => stringWidth(l)));

function table(width: number, color = false, head = HEAD, rows = ROWS): string {
  const out: string[] = [];
  const t = new TableWriter(head, (s) => out.push(s), true, color, width);
  for (const r of rows) t.row(r);
  t.end();
  return out.join('');
}

describe('table layout', () => {
  it('at 200 columns: every column at its natural width, one line a row', () => {
    const text = table(200);
    expect(text.split('\n')).toHaveLength(7);
    expect(text).toContain('│ 2026-03-10 14:20:00Z │ T-202   │ customer message by customer ana in a conversation they follow │ I was promised a call back around three and nobody called │ not_following │');
  });

  it('at 80 columns: fits, free text wraps at words or is cut with …, ids, times and codes whole', () => {
    const text = table(80);
    expect(widest(text)).toBeLessThanOrEqual(80);
    for (const token of ['2026-03-10 14:20:00Z', 'T-202', 'm-1001', 'not_following', 'unfollowed']) expect(text).toContain(`│ ${token}`);
    // Words whole: every word of WHAT is on one line.
    for (const word of ROWS[0]![2]!.split(' ')) expect(text).toMatch(new RegExp(`[│ ]${word}[ │]`));
    expect(text).toContain('│ I was pro… │');
    expect(text).not.toContain('nobody called');
  });

  it('with colour on: colour codes are never cut, and every line is closed', () => {
    const red = (s: string) => `\x1b[31m${s}\x1b[39m`;
    const rows = [['2026-03-10 14:20:00Z', 'T-1', red('alert and an email, because they take every customer message of the project'), red('a long text of the customer that is cut somewhere in the middle'), 'inactive_user']];
    const text = table(80, true, HEAD, rows);
    expect(widest(text)).toBeLessThanOrEqual(80);
    // Every escape is whole: none is left without its "m", no "[31" without ESC.
    expect(text.replace(SGR, '')).not.toMatch(/\x1b|\[\d+m/);
    // Each line of the wrapped red cell opens and closes its colour, so nothing bleeds into the border.
    for (const line of text.split('\n').filter((l) => l.includes('\x1b[31m'))) expect(line).toMatch(/\x1b\[31m[^\x1b]*\x1b\[39m/);
    expect(plain(text)).toContain('│ a long te… │');
    // The header is bold and the borders grey.
    expect(text).toContain('\x1b[1mTIME\x1b[22m');
    expect(text.split('\n')[0]).toMatch(/^\x1b\[90m┌─/);
  });

  it('measures East Asian wide characters and emoji by display width', () => {
    const text = table(200, false, ['USER', wrap('NAME')], [['u1', '山田太郎'], ['u2', 'Ann 👩‍💻']]);
    const lines = text.split('\n').filter((l) => l.startsWith('│'));
    for (const line of lines) expect(stringWidth(line)).toBe(stringWidth(lines[0]!));
    expect(text).toContain('│ u1   │ 山田太郎 │');
  });

  it('piped: tab-separated, no escape codes, controls shown', () => {
    expect(renderTable(['A', wrap('B')], [['x\ty', '\x1b[31mred\x1b[39m\nnext']], false, true)).toBe('A\tB\nx y\t\\x1b[31mred\\x1b[39m next\n');
  });

  it('streams: widths come from the first page, later rows are written as they come', () => {
    const out: string[] = [];
    const t = new TableWriter(['ID', wrap('NOTE')], (s) => out.push(s), true, false, 80);
    for (let i = 0; i < FIRST_PAGE_ROWS; i++) t.row([`u${i}`, 'short']);
    const written = out.length;
    expect(written).toBeGreaterThan(0);
    t.row(['a-much-longer-id-than-the-first-page', 'a note longer than the column of the first page']);
    // Written at once, in the first page's widths: the long id whole, the note wrapped at words.
    expect(out.length).toBe(written + 1);
    expect(out.at(-1)).toContain('│ a-much-longer-id-than-the-first-page │ a     │');
    t.end();
    expect(out.at(-1)).toBe('└──────┴───────┘\n');
  });

  it('when its tokens alone are wider than the terminal, each row is a record that fits: tokens whole, free text wrapped or cut', () => {
    const head = ['ID', 'EMAIL', 'TIME', wrap('NOTE'), cut('TEXT')];
    const rows = [
      ['margarethe-vonderschulenburg', 'margarethe.vonderschulenburg-hohenstein@customer-success.example.com', '2026-03-10 14:20:00Z', 'moved to the escalations team on Monday, and still follows all of her old tickets', 'x'.repeat(120)],
      ['bo', 'bo@example.com', '2026-03-10 14:21:00Z', '', 'short'],
    ];
    const text = table(80, false, head, rows);
    expect(text).toBe(
      [
        `─[ 1 ]${'─'.repeat(80 - 6)}`,
        'ID    │ margarethe-vonderschulenburg',
        'EMAIL │ margarethe.vonderschulenburg-hohenstein@customer-success.example.com',
        'TIME  │ 2026-03-10 14:20:00Z',
        'NOTE  │ moved to the escalations team on Monday, and still follows all of her',
        '      │ old tickets',
        `TEXT  │ ${'x'.repeat(71)}…`,
        `─[ 2 ]${'─'.repeat(80 - 6)}`,
        'ID    │ bo',
        'EMAIL │ bo@example.com',
        'TIME  │ 2026-03-10 14:21:00Z',
        'NOTE  │',
        'TEXT  │ short',
        '',
      ].join('\n'),
    );
    expect(widest(text)).toBeLessThanOrEqual(80);
    // The same rows at 200 columns are a table; piped, tab-separated as always.
    expect(table(200, false, head, rows)).toMatch(/^┌─/);
    expect(renderTable(head, rows, false, false).split('\n')[0]).toBe('ID\tEMAIL\tTIME\tNOTE\tTEXT');
  });

  it('records keep colour codes whole, with a grey rule and bar and bold headers; a word longer than the terminal is broken only in free text', () => {
    const red = (s: string) => `\x1b[31m${s}\x1b[39m`;
    const rows = [['a'.repeat(70), red(`see https://support.example.com/${'p'.repeat(90)} now`)]];
    const text = table(60, true, ['ID', wrap('NOTE')], rows);
    expect(plain(text)).toContain(`ID   │ ${'a'.repeat(70)}\n`);
    expect(text.replace(SGR, '')).not.toMatch(/\x1b|\[\d+m/);
    for (const line of plain(text).split('\n').slice(2)) expect(stringWidth(line)).toBeLessThanOrEqual(60);
    for (const line of text.split('\n').filter((l) => l.includes('\x1b[31m'))) expect(line).toMatch(/\x1b\[31m[^\x1b]*\x1b\[39m$/);
    expect(text.split('\n')[0]).toMatch(/^\x1b\[90m─\[ 1 \]─/);
    expect(text).toContain('\x1b[1mID  \x1b[22m \x1b[90m│\x1b[39m');
  });

  it("a column without a header (timeline's mark) has no bare '│ *' line in a record: its value follows the number", () => {
    const head = ['', 'TIME', 'EMAIL'];
    const rows = [
      ['*', '2026-03-10 14:20:00Z', 'margarethe.vonderschulenburg-hohenstein@customer-success.example.com'],
      ['', '2026-03-10 14:21:00Z', 'bo@example.com'],
    ];
    expect(table(60, false, head, rows)).toBe(
      [
        `─[ 1 * ]${'─'.repeat(60 - 8)}`,
        'TIME  │ 2026-03-10 14:20:00Z',
        'EMAIL │ margarethe.vonderschulenburg-hohenstein@customer-success.example.com',
        `─[ 2 ]${'─'.repeat(60 - 6)}`,
        'TIME  │ 2026-03-10 14:21:00Z',
        'EMAIL │ bo@example.com',
        '',
      ].join('\n'),
    );
  });

  it('streams records too: the choice is made on the first page, and later rows follow it', () => {
    const out: string[] = [];
    const t = new TableWriter(['ID', 'EMAIL'], (s) => out.push(s), true, false, 40);
    for (let i = 0; i < FIRST_PAGE_ROWS; i++) t.row([`u${i}`, `user-number-${i}@a-long-domain.example.com`]);
    const written = out.length;
    t.row(['z', 'z@example.com']);
    expect(out.length).toBe(written + 1);
    expect(out.at(-1)).toBe(`─[ ${(FIRST_PAGE_ROWS + 1).toLocaleString('en-US')} ]${'─'.repeat(40 - 8)}\nID    │ z\nEMAIL │ z@example.com\n`);
    t.end();
    expect(out.length).toBe(written + 1);
  });

  it('columnWidths narrows cut columns first, then the widest wrapped ones, never below a word', () => {
    expect(columnWidths(['token', 'wrap', 'cut'], ['ID', 'WHAT', 'TEXT'], [['abc', 'one two three four', 'x'.repeat(40)]], 40)).toEqual([3, 17, 10]);
    expect(columnWidths(['token', 'wrap', 'wrap'], ['ID', 'A', 'B'], [['abc', 'one two three four', 'five six seven eight']], 30)).toEqual([3, 8, 9]);
    expect(columnWidths(['token', 'wrap'], ['ID', 'A'], [['abc', 'unbreakable_reason_code']], 10)).toEqual([3, 23]);
  });

  it('columnWidths breaks headers between words and camelCase parts only when nothing else gives way', () => {
    const headers = ['USER', 'showFromCustomers', 'customerMessages', 'internal messages'];
    const rows = [['alice', 'on', 'all*', 'off']];
    // Wide enough for whole headers: as before.
    expect(columnWidths(['token', 'token', 'token', 'token'], headers, rows, 80)).toEqual([5, 17, 16, 17]);
    // 44 columns: the widest headers break, down to their widest part (Customers, Messages, messages) at most.
    expect(columnWidths(['token', 'token', 'token', 'token'], headers, rows, 44)).toEqual([5, 9, 8, 9]);
    // Only as far as needed: 60 columns take 8 off the widest, whichever they are.
    expect(columnWidths(['token', 'token', 'token', 'token'], headers, rows, 60)).toEqual([5, 14, 14, 14]);
    // A wrapped column gives way first, headers whole, when that is enough.
    expect(columnWidths(['token', 'wrap'], ['ID', 'showFromCustomers'], [['abc', 'one two three four five six seven']], 30)).toEqual([3, 20]);
  });

  it('a table whose headers alone are too wide breaks them over lines rather than turning into records', async () => {
    let text = '';
    const t = new TableWriter(['USER', 'showFromCustomers', 'customerMessages'], (s) => (text += s), true, false, 32);
    t.row(['alice', 'on', 'all*']);
    t.end();
    expect(text).toBe(
      '┌───────┬───────────┬──────────┐\n' +
        '│ USER  │ showFrom  │ customer │\n' +
        '│       │ Customers │ Messages │\n' +
        '├───────┼───────────┼──────────┤\n' +
        '│ alice │ on        │ all*     │\n' +
        '└───────┴───────────┴──────────┘\n',
    );
  });
});
