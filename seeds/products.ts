// products.csv: the catalogue as the shop lists it.
import { centsText } from './catalog';
import { CATEGORIES } from './words';
import { csvField, type World } from './world';

export const PRODUCT_HEADER = 'product_id,name,category,price';

export function* productLines(world: World): Generator<string> {
  const { catalog } = world;
  const out: string[] = [PRODUCT_HEADER];
  for (let p = 0; p < catalog.size; p++) {
    out.push(
      `${catalog.id[p]},${csvField(catalog.name[p])},${csvField(CATEGORIES[catalog.category[p]].name)},${centsText(catalog.priceCents[p])}`,
    );
  }
  yield out.join('\n') + '\n';
}
