// Everything shared by the files of one demo workspace, built once from the options.
import { buildCalendar, type Calendar } from './calendar';
import { buildCatalog, type Catalog } from './catalog';
import { resolveDemoOptions, type DemoOptions, type ResolvedDemoOptions } from './options';

export interface World {
  opts: ResolvedDemoOptions;
  cal: Calendar;
  catalog: Catalog;
  /** Digits in customer ids (C000123): at least 6. */
  idWidth: number;
}

export function buildWorld(options: DemoOptions = {}): World {
  const opts = resolveDemoOptions(options);
  return {
    opts,
    cal: buildCalendar(opts.startMs, opts.endMs),
    catalog: buildCatalog(opts.products, opts.seed),
    idWidth: Math.max(6, String(opts.customers).length),
  };
}

export function customerId(world: World, index: number): string {
  return `C${String(index + 1).padStart(world.idWidth, '0')}`;
}

/** A CSV field: quoted only when it must be. */
export function csvField(text: string): string {
  return /[",\n\r]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}
