import { Hono } from 'hono';
import type { Context } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { SatisfactionRating } from '../../contract/events.ts';
import { type SurveyView, type Surveys } from '../../notify/survey.ts';
import { SURVEY_CSP, type SurveyPage, invalidSurveyPage, surveyPage } from '../../notify/survey-page.ts';
import type { AppEnv } from '../env.ts';

/** a comment of 2,000 characters, form-encoded, with room to spare */
const MAX_FORM_BYTES = 32 * 1024;
const MAX_COMMENT = 2000;

function send(c: Context<AppEnv>, html: string, status: 200 | 404 | 409 | 413 | 422): Response {
  c.header('Content-Security-Policy', SURVEY_CSP);
  // the link is the key to the survey: never sent on, stored or indexed
  c.header('Referrer-Policy', 'no-referrer');
  c.header('Cache-Control', 'no-store');
  c.header('X-Robots-Tag', 'noindex, nofollow');
  c.header('X-Content-Type-Options', 'nosniff');
  return c.html(html, status);
}

function render(c: Context<AppEnv>, view: SurveyView<string>, what: SurveyPage, status: 200 | 409 | 422): Response {
  if (!view.site || !view.complaint) return send(c, invalidSurveyPage(), 404);
  return send(c, surveyPage(view.complaint.language, view.site.name[view.complaint.language], view.complaint.reference, what), status);
}

/**
 * The satisfaction survey a message links to: `GET /survey/{token}` shows the question and
 * records nothing (a mail scanner that opens every link changes nothing); only the form's
 * `POST` records the answer, once.
 */
export function surveyRoutes(surveys: Surveys) {
  const app = new Hono<AppEnv>();

  app.get('/survey/:token', async (c) => {
    const view = await surveys.open(c.req.param('token'));
    if (view.status === 'invalid') return send(c, invalidSurveyPage(), 404);
    return render(c, view, { kind: view.status === 'open' ? 'form' : view.status }, 200);
  });

  app.post(
    '/survey/:token',
    bodyLimit({ maxSize: MAX_FORM_BYTES, onError: (c) => send(c as Context<AppEnv>, invalidSurveyPage(), 413) }),
    async (c) => {
      const token = c.req.param('token');
      const form = await c.req.parseBody().catch(() => ({}) as Record<string, unknown>);
      const rating = SatisfactionRating.safeParse(form.rating);
      if (!rating.success) {
        const view = await surveys.open(token);
        if (view.status === 'invalid') return send(c, invalidSurveyPage(), 404);
        return render(c, view, view.status === 'open' ? { kind: 'form', error: true } : { kind: view.status }, view.status === 'open' ? 422 : 409);
      }
      const comment = typeof form.comment === 'string' ? form.comment.trim().slice(0, MAX_COMMENT) : '';
      const result = await surveys.answer(token, rating.data, comment || undefined);
      if (result.status === 'invalid') return send(c, invalidSurveyPage(), 404);
      return render(c, result, { kind: result.status }, result.status === 'recorded' ? 200 : 409);
    },
  );

  return app;
}
