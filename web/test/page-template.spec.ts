import { PageCache, fill, templateOf, type KeptPage, type PageValues } from '../server/page-template';

/** Decision 034: what a kept page may hold, and how much is kept. */
const A: PageValues = { user: 'aaaaaaaa-0000-4000-8000-00000000000a', enrollment: 'eeeeeeee-0000-4000-8000-00000000000a', opened: 'mhq1x2a.' + 'a'.repeat(43), nonce: 'bm9uY2Utb2YtYQ==', formKey: 'kkkkkkkk-0000-4000-8000-00000000000a' };
const B: PageValues = { user: 'bbbbbbbb-0000-4000-8000-00000000000b', enrollment: 'eeeeeeee-0000-4000-8000-00000000000b', opened: 'mhq1x2b.' + 'b'.repeat(43), nonce: 'bm9uY2Utb2YtYg==', formKey: 'kkkkkkkk-0000-4000-8000-00000000000b' };
const page = (v: PageValues) =>
  `<body data-session="${v.user}"><form><input name="enrollmentId" value="${v.enrollment}"><input value="${v.opened}"><a href="/ujian/${v.enrollment}/pretest">x</a></form><script nonce="${v.nonce}"></script></body>`;

describe('templateOf and fill', () => {
  it('takes every per-request value out, and fills another worker’s in exactly where Remix would put them', () => {
    const template = templateOf(page(A), A, ['Siti Aminah'])!;
    const kept = template.literals.join('');
    for (const value of Object.values(A)) expect(kept).not.toContain(value);
    expect(fill(template, B)).toBe(page(B));
    expect(fill(template, A)).toBe(page(A));
  });

  it('makes one slot of a value that holds another (the longer first)', () => {
    const opened = `${A.enrollment}.signed`;
    const values = { ...A, opened };
    const template = templateOf(`<i>${opened}</i><b>${A.enrollment}</b>`, values, [])!;
    expect(template.slots).toEqual(['opened', 'enrollment']);
    expect(fill(template, { ...B, opened: 'another-token' })).toBe(`<i>another-token</i><b>${B.enrollment}</b>`);
  });

  it('keeps nothing of a page that shows the worker’s name, phone or e-mail', () => {
    expect(templateOf(`${page(A)}<p>Halo, Siti Aminah</p>`, A, ['Siti Aminah', '+6281200000001'])).toBeNull();
    expect(templateOf(`${page(A)}<p>+6281200000001</p>`, A, ['Siti Aminah', '+6281200000001'])).toBeNull();
  });

  it('keeps nothing when a value is too short to be found safely, would be escaped, or two values are alike', () => {
    expect(templateOf(page(A), { ...A, user: 'u1' }, [])).toBeNull();
    expect(templateOf(page(A), { ...A, opened: 'a"b<c>d&e' }, [])).toBeNull();
    expect(templateOf(page(A), { ...A, formKey: A.user }, [])).toBeNull();
  });

  it('fills nothing when this request lacks a value the page has a slot for, or has one HTML would escape', () => {
    const template = templateOf(page(A), A, [])!;
    expect(fill(template, { ...B, opened: '' })).toBeNull();
    expect(fill(template, { ...B, opened: '"><script>alert(1)</script>' })).toBeNull();
  });

  it('leaves an empty value out (a worker not enrolled has no enrollment id)', () => {
    const template = templateOf(`<body data-session="${A.user}">`, { ...A, enrollment: '', opened: '' }, [])!;
    expect(fill(template, B)).toBe(`<body data-session="${B.user}">`);
  });
});

describe('PageCache', () => {
  const kept = (size: number): KeptPage => ({ literals: ['x'.repeat(size)], slots: [], statusText: '', headers: [] });

  it('is bounded by bytes, the least recently used out first', () => {
    const cache = new PageCache(10_000);
    cache.set('a', kept(2000));
    cache.set('b', kept(2000));
    expect(cache.get('a')).toBeDefined(); // a is now the most recently used
    cache.set('c', kept(2000));
    expect(cache.get('b')).toBeUndefined();
    expect(cache.get('a')).toBeDefined();
    expect(cache.get('c')).toBeDefined();
    expect(cache.totalBytes).toBeLessThanOrEqual(10_000);
  });

  it('keeps an entry ten minutes at most, and never one larger than its bound', () => {
    const cache = new PageCache(10_000);
    cache.set('a', kept(100), 0);
    expect(cache.get('a', 9 * 60_000)).toBeDefined();
    expect(cache.get('a', 11 * 60_000)).toBeUndefined();
    cache.set('big', kept(6000));
    expect(cache.get('big')).toBeUndefined();
    expect(cache.size).toBe(0);
  });
});
