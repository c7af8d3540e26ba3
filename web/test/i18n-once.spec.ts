import { getFixedT, i18nextFor } from '~/i18next.server';

/** i18next is initialised once per language, not per request (issue #22: a new instance per page was 10 % of the CPU). */
describe('i18n on the server', () => {
  it('gives every request of one language the same ready instance, in that language', async () => {
    const first = await i18nextFor(new Request('http://bimtek.test/masuk'));
    const second = await i18nextFor(new Request('http://bimtek.test/katalog'));
    const english = await i18nextFor(new Request('http://bimtek.test/masuk?lng=en'));
    expect(second).toBe(first);
    expect(first.language).toBe('id');
    expect(english).not.toBe(first);
    expect(english.language).toBe('en');
    expect(english.isInitialized).toBe(true);
  });

  it('translates with every namespace loaded, without creating an instance', async () => {
    const t = await getFixedT(new Request('http://bimtek.test/?lng=en'), 'common');
    expect(t('appName')).toBe('Bimtek Pilar');
    const learner = await i18nextFor(new Request('http://bimtek.test/'));
    expect(learner.hasResourceBundle('id', 'learner')).toBe(true);
  });

  it('answers the same when a translation is asked again (kept answers), plurals and values included', async () => {
    const t = await getFixedT(new Request('http://bimtek.test/?lng=en'), 'learner');
    for (let round = 0; round < 2; round++) {
      expect(t('course.minutes', { count: 1 })).toBe('1 minute');
      expect(t('course.minutes', { count: 5 })).toBe('5 minutes');
      expect(t('lesson.position', { position: 2, total: 7 })).toBe('Lesson 2 of 7');
      expect(t('lesson.position', { position: 3, total: 7 })).toBe('Lesson 3 of 7');
    }
    const indonesian = await getFixedT(new Request('http://bimtek.test/'), 'learner');
    expect(indonesian('lesson.position', { position: 2, total: 7 })).not.toBe('Lesson 2 of 7');
  });
});
