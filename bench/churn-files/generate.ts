// Seeded churn files of the two shapes the reference README calls "other churn datasets": bank customers
// with 0/1 flags (Kaggle's Churn_Modelling layout) and telecom usage minutes (the BigML layout), the latter
// also in French formatting (semicolons, decimal commas, Oui/Non, VRAI/FAUX). Churn depends on the columns
// non-linearly (age peaks, product counts, usage thresholds) as it does in the public files, where tree
// ensembles beat logistic regression by about 0.1 AUC.
import { mulberry32 } from '../../src/lib/random';

type Rng = () => number;
const normal = (r: Rng, mean: number, sd: number): number => mean + sd * Math.sqrt(-2 * Math.log(1 - r())) * Math.cos(2 * Math.PI * r());
const pick = <T>(r: Rng, xs: readonly T[]): T => xs[Math.floor(r() * xs.length)];
const clamp = (v: number, lo: number, hi: number) => Math.min(hi, Math.max(lo, v));
const poisson = (r: Rng, mean: number): number => {
  let k = 0;
  for (let p = Math.exp(-mean), s = r(); s > p; s *= r()) k++;
  return k;
};
const sigmoid = (z: number) => 1 / (1 + Math.exp(-z));
const SURNAMES = Array.from({ length: 400 }, (_, i) => `Name${(i * 7919) % 1000}`);

export function bankCsv(rows = 10_000, seed = 1): string {
  const r = mulberry32(seed);
  const lines = ['RowNumber,CustomerId,Surname,CreditScore,Geography,Gender,Age,Tenure,Balance,NumOfProducts,HasCrCard,IsActiveMember,EstimatedSalary,Exited'];
  const used = new Set<number>();
  for (let i = 0; i < rows; i++) {
    let id = 15_565_000 + Math.floor(r() * 250_000);
    while (used.has(id)) id++;
    used.add(id);
    const credit = Math.round(clamp(normal(r, 650, 97), 350, 850));
    const geo = r() < 0.5 ? 'France' : r() < 0.5 ? 'Spain' : 'Germany';
    const female = r() < 0.45;
    const age = Math.round(clamp(18 + Math.exp(normal(r, 3.0, 0.45)), 18, 92));
    const tenure = Math.floor(r() * 11);
    const balance = r() < 0.36 ? 0 : Math.max(0, normal(r, 119_000, 30_000));
    const u = r();
    const products = u < 0.5 ? 1 : u < 0.96 ? 2 : u < 0.99 ? 3 : 4;
    const card = r() < 0.7 ? 1 : 0;
    const active = r() < 0.51 ? 1 : 0;
    const salary = r() * 200_000;
    const agePeak = 2.6 * Math.exp(-(((age - 54) / 11) ** 2));
    const z =
      -2.9 + agePeak + [0, 0.5, -1.3, 2.6, 4.5][products] + (geo === 'Germany' ? 0.75 : 0) + (female ? 0.5 : 0) +
      (active ? -0.5 : 0.4) + (active === 0 && age > 45 ? 0.8 : 0) + (balance > 0 && products === 1 ? 0.35 : 0) - 0.0008 * (credit - 650);
    const exited = r() < sigmoid(z) ? 1 : 0;
    lines.push([i + 1, id, pick(r, SURNAMES), credit, geo, female ? 'Female' : 'Male', age, tenure, balance.toFixed(2), products, card, active, salary.toFixed(2), exited].join(','));
  }
  return lines.join('\n') + '\n';
}

const STATES = 'AK AL AR AZ CA CO CT DC DE FL GA HI IA ID IL IN KS KY LA MA MD ME MI MN MO MS MT NC ND NE NH NJ NM NV NY OH OK OR PA RI SC SD TN TX UT VA VT WA WI WV WY'.split(' ');

interface TelecomRow {
  state: string;
  length: number;
  area: number;
  intl: boolean;
  vm: boolean;
  vmMessages: number;
  minutes: number[];
  calls: number[];
  service: number;
  churn: boolean;
}

function telecomRows(rows: number, seed: number): TelecomRow[] {
  const r = mulberry32(seed);
  const out: TelecomRow[] = [];
  for (let i = 0; i < rows; i++) {
    const intl = r() < 0.1;
    const vm = r() < 0.28;
    const minutes = [normal(r, 180, 54), normal(r, 201, 51), normal(r, 201, 51), normal(r, 10.2, 2.8)].map((m) => Math.max(0, m));
    const calls = [Math.round(normal(r, 100, 20)), Math.round(normal(r, 100, 20)), Math.round(normal(r, 100, 20)), poisson(r, 4.5)];
    const service = poisson(r, 1.55);
    const total = minutes[0] + minutes[1] * 0.5 + minutes[2] * 0.26;
    const z =
      -3.3 + (minutes[0] > 245 ? (vm ? 1.2 : 3.2) : 0) + (service >= 4 ? (minutes[0] < 160 ? 3.0 : 0.6) : 0) +
      (intl ? (minutes[3] > 13 || calls[3] < 3 ? 4.5 : 0.7) : 0) + (vm ? -0.7 : 0) + 0.004 * (total - 330);
    out.push({ state: pick(r, STATES), length: Math.round(clamp(normal(r, 101, 40), 1, 243)), area: pick(r, [408, 415, 510]), intl, vm, vmMessages: vm ? Math.round(clamp(normal(r, 29, 8), 4, 51)) : 0, minutes, calls, service, churn: r() < sigmoid(z) });
  }
  return out;
}

const RATES = [0.17, 0.085, 0.045, 0.27];

export function telecomCsv(rows = 3_333, seed = 2): string {
  const lines = ['State,Account length,Area code,International plan,Voice mail plan,Number vmail messages,Total day minutes,Total day calls,Total day charge,Total eve minutes,Total eve calls,Total eve charge,Total night minutes,Total night calls,Total night charge,Total intl minutes,Total intl calls,Total intl charge,Customer service calls,Churn'];
  for (const t of telecomRows(rows, seed)) {
    const usage = t.minutes.flatMap((m, k) => [m.toFixed(1), t.calls[k], (m * RATES[k]).toFixed(2)]);
    lines.push([t.state, t.length, t.area, t.intl ? 'Yes' : 'No', t.vm ? 'Yes' : 'No', t.vmMessages, ...usage, t.service, t.churn ? 'True' : 'False'].join(','));
  }
  return lines.join('\n') + '\n';
}

export function telecomFrCsv(rows = 3_333, seed = 3): string {
  const fr = (v: number, digits: number) => v.toFixed(digits).replace('.', ',');
  const lines = ['Etat;Anciennete compte;Indicatif;Forfait international;Messagerie vocale;Nb messages vocaux;Minutes jour;Appels jour;Montant jour;Minutes soir;Appels soir;Montant soir;Minutes nuit;Appels nuit;Montant nuit;Minutes international;Appels international;Montant international;Appels service client;Resilie'];
  for (const t of telecomRows(rows, seed)) {
    const usage = t.minutes.flatMap((m, k) => [fr(m, 1), t.calls[k], fr(m * RATES[k], 2)]);
    lines.push([t.state, t.length, t.area, t.intl ? 'Oui' : 'Non', t.vm ? 'Oui' : 'Non', t.vmMessages, ...usage, t.service, t.churn ? 'VRAI' : 'FAUX'].join(';'));
  }
  return lines.join('\n') + '\n';
}
