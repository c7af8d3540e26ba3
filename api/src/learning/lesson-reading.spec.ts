import { judgeReading, minimumReadingSeconds } from './lesson-reading';

describe('minimum reading time', () => {
  it('is a quarter of a slow reader’s time, between 20 s and 10 min, scaled', () => {
    expect(minimumReadingSeconds(800, 1)).toBe(120); // 8 min at 100 words a minute → 2 min
    expect(minimumReadingSeconds(10, 1)).toBe(20);
    expect(minimumReadingSeconds(100_000, 1)).toBe(600);
    expect(minimumReadingSeconds(800, 0.5)).toBe(60);
    expect(minimumReadingSeconds(800, 0)).toBe(0);
  });
});

describe('judging a finish', () => {
  const now = new Date('2026-12-03T12:00:00Z');
  const at = (minutesBefore: number) => new Date(now.getTime() - minutesBefore * 60_000);
  const facts = (openedMinutesAgo: number | null) => ({
    serverOpenedAt: openedMinutesAgo === null ? null : at(openedMinutesAgo),
    enrollmentCreatedAt: at(120),
    now,
    minimumSeconds: 120,
  });

  it('needs an opening, then the minimum since it', () => {
    expect(judgeReading({}, facts(null))).toEqual({ ok: false, reason: 'not_opened' });
    expect(judgeReading({}, facts(1))).toEqual({ ok: false, reason: 'too_fast', secondsLeft: 60 });
    expect(judgeReading({}, facts(3))).toEqual({ ok: true });
    expect(judgeReading({}, { ...facts(null), minimumSeconds: 0 })).toEqual({ ok: true });
  });

  it('reads offline times inside what the server knows: a forged clock only shortens the reading', () => {
    // Opened on the phone 30 min ago, finished 20 min ago: 10 minutes read.
    expect(judgeReading({ deviceOpenedAt: at(30), deviceFinishedAt: at(20) }, facts(60))).toEqual({ ok: true });
    // Claims to have opened before the page was served: counted from the serving.
    expect(judgeReading({ deviceOpenedAt: at(600), deviceFinishedAt: at(59) }, facts(60)).ok).toBe(false);
    // Claims to finish in the future: counted until now.
    expect(judgeReading({ deviceOpenedAt: at(1), deviceFinishedAt: new Date(now.getTime() + 3_600_000) }, facts(60)).ok).toBe(false);
    // Before the enrollment existed: counted from the enrollment.
    expect(judgeReading({}, { ...facts(600), enrollmentCreatedAt: at(1) }).ok).toBe(false);
  });
});
