import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  apiKeySecretName,
  describeProfile,
  profileClientConfig,
  resolveProfiles,
  type FlatLlmSettings,
  type ProfileSettings,
} from '../../../src/extension/profiles';

const flat: FlatLlmSettings = {
  baseUrl: 'http://localhost:11434/v1',
  model: 'llama3.1',
  apiKeyEnv: 'OPENAI_API_KEY',
  maxConcurrency: 8,
  requestsPerMinute: null,
  tokensPerMinute: null,
  timeoutSeconds: 120,
  maxRetries: 4,
  temperature: null,
  maxTokens: null,
};

const settings = (profiles: unknown, activeProfile: unknown = '', flatOverrides: Partial<FlatLlmSettings> = {}): ProfileSettings => ({
  profiles,
  activeProfile,
  flat: { ...flat, ...flatOverrides },
});

function error(result: ReturnType<typeof resolveProfiles>): string {
  assert.equal(result.ok, false, 'expected the settings to be refused');
  return result.ok ? '' : result.error;
}

describe('resolveProfiles', () => {
  it('makes one implicit "default" profile from the flat settings when none are defined', () => {
    for (const none of [undefined, null, []]) {
      const result = resolveProfiles(settings(none, '', { temperature: 0.3, maxTokens: 200 }));
      assert.ok(result.ok);
      assert.equal(result.implicit, true);
      assert.deepEqual(result.active, {
        name: 'default',
        baseUrl: 'http://localhost:11434/v1',
        model: 'llama3.1',
        apiKeyEnv: 'OPENAI_API_KEY',
        maxConcurrency: 8,
        timeoutSeconds: 120,
        maxRetries: 4,
        generation: { temperature: 0.3, max_tokens: 200 },
      });
    }
  });

  it('names the flat setting at fault', () => {
    assert.match(error(resolveProfiles(settings([], '', { baseUrl: 'localhost:8000' }))), /distillery\.llm\.baseUrl must be an http\(s\) URL/);
    assert.match(error(resolveProfiles(settings([], '', { maxTokens: 0 }))), /distillery\.llm\.maxTokens/);
  });

  it('takes the first profile, or the one named active', () => {
    const profiles = [
      { name: 'local', baseUrl: 'http://127.0.0.1:8000/v1', model: 'qwen' },
      { name: 'openai', baseUrl: 'https://api.openai.com/v1', model: 'gpt-4o-mini', apiKeyEnv: 'OPENAI_API_KEY', pricing: { inputPerMillionTokens: 0.15, outputPerMillionTokens: 0.6 } },
    ];
    const first = resolveProfiles(settings(profiles));
    assert.ok(first.ok);
    assert.equal(first.active.name, 'local');
    assert.equal(first.implicit, false);
    const chosen = resolveProfiles(settings(profiles, 'openai'));
    assert.ok(chosen.ok);
    assert.deepEqual(chosen.active.pricing, { inputPerMillionTokens: 0.15, outputPerMillionTokens: 0.6 });
  });

  it('names the profile and the field of every problem', () => {
    const message = error(
      resolveProfiles(
        settings([
          { name: 'local', baseUrl: 'http://127.0.0.1:8000/v1', model: 'qwen', maxConcurency: 4 },
          { name: 'remote', baseUrl: 'ftp://example.com', model: 'm', generation: { temprature: 1 } },
          { baseUrl: 'http://x/v1' },
        ]),
      ),
    );
    assert.match(message, /^distillery\.llm\.profiles: /);
    assert.match(message, /profile "local": unknown field "maxConcurency"/);
    assert.match(message, /profile "remote": baseUrl must be an http\(s\) URL/);
    assert.match(message, /profile "remote": generation: unknown field "temprature"/);
    assert.match(message, /profile 3: name is required/);
    assert.match(message, /profile 3: model is required/);
  });

  it('refuses duplicate names, an unknown active profile and a list that is not a list', () => {
    const twice = [
      { name: 'a', baseUrl: 'http://a/v1', model: 'm' },
      { name: 'a', baseUrl: 'http://b/v1', model: 'm' },
    ];
    assert.match(error(resolveProfiles(settings(twice))), /profile "a" is defined twice/);
    assert.match(
      error(resolveProfiles(settings([{ name: 'a', baseUrl: 'http://a/v1', model: 'm' }], 'b'))),
      /activeProfile is "b", but distillery\.llm\.profiles has no profile of that name \(it has "a"\)/,
    );
    assert.match(error(resolveProfiles(settings([], 'b'))), /defines no profiles/);
    assert.match(error(resolveProfiles(settings({ name: 'a' }))), /must be a list of profiles/);
  });
});

describe('profileClientConfig', () => {
  it('passes every limit on, seconds as milliseconds, and a stored key over the environment', () => {
    const result = resolveProfiles(
      settings([{ name: 'p', baseUrl: 'http://h/v1', model: 'm', apiKeyEnv: 'KEY_VAR', maxConcurrency: 2, requestsPerMinute: 60, timeoutSeconds: 5, maxRetries: 0, generation: { top_p: 0.9 } }]),
    );
    assert.ok(result.ok);
    assert.deepEqual(profileClientConfig(result.active, 'sk-stored'), {
      baseUrl: 'http://h/v1',
      model: 'm',
      apiKey: 'sk-stored',
      apiKeyEnv: 'KEY_VAR',
      maxConcurrency: 2,
      requestsPerMinute: 60,
      timeoutMs: 5000,
      maxRetries: 0,
      generation: { top_p: 0.9 },
    });
    assert.equal('apiKey' in profileClientConfig(result.active, undefined), false);
  });

  it('keeps keys under one SecretStorage name per profile', () => {
    assert.equal(apiKeySecretName('openai'), 'distillery.apiKey.openai');
  });
});

describe('a profile with baseUrls (an endpoint fleet)', () => {
  const fleet = { name: 'gpus', model: 'qwen', maxConcurrency: 4, baseUrls: [{ url: 'http://gpu1:8000/v1', maxConcurrency: 16 }, { url: 'http://gpu2:8000/v1' }, { url: 'http://gpu3:8000/v1' }] };

  it('passes every endpoint on with its own concurrency, and describes itself by its first one', () => {
    const result = resolveProfiles(settings([fleet]));
    assert.ok(result.ok);
    assert.deepEqual(profileClientConfig(result.active, undefined), { baseUrls: fleet.baseUrls, model: 'qwen', maxConcurrency: 4 });
    assert.equal(describeProfile(result.active), 'qwen at http://gpu1:8000/v1 + 2 more');
  });

  it('is refused beside a baseUrl, as a fleet of one, and without either, naming the profile and the field', () => {
    const error = (profile: object) => {
      const result = resolveProfiles(settings([profile]));
      assert.ok(!result.ok);
      return result.error;
    };
    assert.equal(
      error({ ...fleet, baseUrl: 'http://gpu0:8000/v1' }),
      'distillery.llm.profiles: profile "gpus": baseUrls cannot go with baseUrl: give baseUrl for one endpoint or baseUrls for a fleet.',
    );
    assert.equal(
      error({ ...fleet, baseUrls: [{ url: 'http://gpu1:8000/v1' }] }),
      'distillery.llm.profiles: profile "gpus": baseUrls lists a fleet of at least two endpoints ({ "url", "maxConcurrency" }); for one, give baseUrl.',
    );
    assert.equal(error({ name: 'gpus', model: 'qwen' }), 'distillery.llm.profiles: profile "gpus": baseUrl is required (or baseUrls, a list of endpoints serving the model).');
    assert.match(error({ ...fleet, baseUrls: [{ url: 'gpu1:8000' }, { url: 'http://gpu2:8000/v1', concurrency: 2 }] }), /profile "gpus": baseUrls\.0\.url must be an http\(s\) URL.*; profile "gpus": baseUrls\.1: unknown field "concurrency"/);
  });
});
