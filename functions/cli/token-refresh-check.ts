import type { DoctorCheck } from './doctor-checks';
import type { ResolvedToken } from './token-source';

/** Clearfacts refuses a refresh token 30 days after it was issued (clearfacts-api.md). */
const REFRESH_TOKEN_LIFETIME_DAYS = 30;

/** The age at which doctor warns, as the token keeper's alarm does (infra/constructs/token-keeper.ts). */
const REFRESH_TOKEN_WARNING_DAYS = 25;

const DAY_MS = 24 * 60 * 60 * 1000;
const HOUR_MS = 60 * 60 * 1000;

/**
 * When the OIDC tokens were last refreshed, read from the secret's JSON (`refreshedAt`, written by
 * every refresh: the token keeper's daily one, the ingest function's, this command's). When this
 * command had to refresh them itself, the time before is what tells whether the keeper runs.
 */
export function tokenRefreshCheck(oidc: NonNullable<ResolvedToken['oidc']>, now: Date): DoctorCheck {
  const earlier = oidc.before ?? oidc;
  const prefix =
    oidc.before === undefined
      ? 'The tokens were last refreshed'
      : 'This check refreshed the expired access token; before that, the tokens were last refreshed';
  if (earlier.refreshedAt === undefined) {
    return {
      status: 'note',
      summary: `${prefix} at a time not recorded (stored before refreshes were dated); the next refresh records it`,
    };
  }
  const issuedAt = earlier.refreshTokenIssuedAt ?? earlier.refreshedAt;
  const ageDays = (now.getTime() - Date.parse(issuedAt)) / DAY_MS;
  const dies = new Date(Date.parse(issuedAt) + REFRESH_TOKEN_LIFETIME_DAYS * DAY_MS).toISOString();
  const summary = `${prefix} at ${earlier.refreshedAt} (${ago(now.getTime() - Date.parse(earlier.refreshedAt))}); ${
    oidc.before === undefined ? 'the refresh token is good until' : 'the refresh token then was good until'
  } ${dies}`;
  if (ageDays <= REFRESH_TOKEN_WARNING_DAYS) return { status: 'note', summary };
  return {
    status: 'warning',
    summary: `${summary}: it went ${Math.floor(ageDays)} days without a refresh`,
    fix: 'A deployment refreshes it daily (the token keeper): read the token keeper’s logs and its alarms (docs/operations.md); if Clearfacts refuses it, sign in again: npm run cli -- token login',
  };
}

/** A duration as people say it: "3 hours ago", "12 days ago". */
function ago(ms: number): string {
  if (ms < HOUR_MS) return 'less than an hour ago';
  if (ms < 2 * DAY_MS) return `${Math.floor(ms / HOUR_MS)} hours ago`;
  return `${Math.floor(ms / DAY_MS)} days ago`;
}
