import type { Check } from '../check.js'
import { apiKey } from '../checks/api-key.js'
import { presetOptions } from '../lib/preset.js'
import type { Secrets } from '../secrets.js'

export interface GitLabOptions {
  /** The webhook's secret token; several while you change it. */
  secret: Secrets
}

/**
 * GitLab: `X-Gitlab-Token` carries the secret token itself (no signature), compared in constant
 * time. Nothing binds it to the body: serve the endpoint over HTTPS only.
 *
 * @see https://docs.gitlab.com/user/project/integrations/webhooks/#create-a-webhook
 */
export function gitlab(options: GitLabOptions): Check {
  const opts = presetOptions(options, 'gitlab', ['secret'], {
    secret: "the webhook's secret token",
  })
  return apiKey({ name: 'gitlab', header: 'x-gitlab-token', keys: opts.secret })
}
