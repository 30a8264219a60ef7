import * as vscode from 'vscode';
import * as z from 'zod';
import { priceFor, priceTableSchema, type PriceQuote } from '../core/estimate/cost';
import type { EndpointProfile } from './profiles';
import type { Services } from './services';

/**
 * The price of the profile's model: the profile's own `pricing`, then the `distillery.prices`
 * setting, then the known-models table. A malformed setting is reported in the log and left out.
 */
export function priceOfProfile(profile: EndpointProfile, log: Services['log']): PriceQuote | undefined {
  if (profile.pricing) return { price: profile.pricing, source: `the profile "${profile.name}"` };
  const setting = priceTableSchema.safeParse(vscode.workspace.getConfiguration('distillery').get('prices') ?? {});
  if (!setting.success) log.warn(`distillery.prices is left out: ${z.prettifyError(setting.error)}`);
  return priceFor(profile.model, setting.success ? setting.data : undefined, 'the distillery.prices setting');
}
