import { orThrow } from '~/utils/api-error';
import { api } from '~/utils/api.server';

/** The published courses to choose from and, for the chosen one (default: the first), its item analysis. */
export async function loadItemAnalysis(request: Request) {
  const client = api(request);
  const courses = orThrow(await client.GET('/api/courses', { params: { query: { pageSize: 200 } } })).items.map((course) => ({ slug: course.slug, title: course.title }));
  const wanted = new URL(request.url).searchParams.get('kursus');
  const slug = courses.find((course) => course.slug === wanted)?.slug ?? courses[0]?.slug ?? null;
  if (!slug) return { courses, slug, analysis: null };
  const analysis = orThrow(await client.GET('/api/studio/courses/{slug}/item-analysis', { params: { path: { slug } } }));
  return { courses, slug, analysis };
}
