// One simulated customer: the attributes customers.csv shows, and the latent traits that drive
// their churn, purchases and app events. Each customer is drawn from its own seeded stream, so
// customer i is the same in every file and can be recomputed anywhere without shared state.
import { DAY_MS, MONTH_MS, dateText, sampleSecondOfDay, signupAt } from './calendar';
import { centsText, sampleInCategory } from './catalog';
import { AliasTable, Rng, seedOf } from '../src/lib/random';
import { csvField, customerId, type World } from './world';
import { FIRST_NAMES_FEMALE, FIRST_NAMES_MALE, FIRST_NAMES_OTHER, LAST_NAMES } from './words';

export const CONTRACTS = ['Month-to-month', 'One year', 'Two year'] as const;
export const CHANNELS = ['Organic search', 'Paid search', 'Social', 'Referral', 'Email', 'Affiliate'] as const;
export const PAYMENTS = ['Credit card', 'PayPal', 'Direct debit', 'Bank transfer'] as const;
export const GENDERS = ['Female', 'Male', 'Other'] as const;

const COUNTRIES: { name: string; weight: number; regions: string[] }[] = [
  { name: 'United Kingdom', weight: 26, regions: ['England', 'England', 'England', 'England', 'Scotland', 'Wales', 'Northern Ireland'] },
  { name: 'Germany', weight: 16, regions: ['North Rhine-Westphalia', 'Bavaria', 'Baden-Württemberg', 'Berlin', 'Hamburg', 'Saxony'] },
  { name: 'France', weight: 12, regions: ['Île-de-France', 'Auvergne-Rhône-Alpes', 'Occitanie', 'Brittany', "Provence-Alpes-Côte d'Azur"] },
  { name: 'Netherlands', weight: 8, regions: ['North Holland', 'South Holland', 'Utrecht', 'North Brabant'] },
  { name: 'Spain', weight: 8, regions: ['Madrid', 'Catalonia', 'Andalusia', 'Valencia'] },
  { name: 'Italy', weight: 7, regions: ['Lombardy', 'Lazio', 'Veneto', 'Tuscany'] },
  { name: 'Poland', weight: 7, regions: ['Masovia', 'Lesser Poland', 'Silesia', 'Greater Poland'] },
  { name: 'Ireland', weight: 6, regions: ['Leinster', 'Leinster', 'Munster', 'Connacht', 'Ulster'] },
  { name: 'Sweden', weight: 5, regions: ['Stockholm', 'Västra Götaland', 'Skåne'] },
  { name: 'Belgium', weight: 5, regions: ['Flanders', 'Flanders', 'Wallonia', 'Brussels'] },
];
const countryTable = new AliasTable(COUNTRIES.map((c) => c.weight));
const channelTable = new AliasTable([28, 20, 18, 12, 10, 12]);
const contractTable = new AliasTable([55, 24, 21]);
const paymentTable = new AliasTable([38, 24, 22, 16]);
const genderTable = new AliasTable([49, 48, 3]);
// Plan tiers (cents) and their shares; add-ons and contract discounts make fees continuous.
const TIERS = [1999, 3999, 6999, 9499];
const tierTable = new AliasTable([35, 35, 20, 10]);
const ADDONS = [499, 799, 999];
const EMAIL_DOMAINS = ['example.com', 'example.net', 'example.org'];

// The churn model (log hazard ratios). Month-to-month, many tickets, high fees, social/affiliate
// signups and manual payment raise the hazard; tickets only matter a lot when the fee is high too.
const CHURN_CONTRACT = [0, -1.5, -2.9];
const CHURN_CHANNEL = [0, 0.15, 0.45, -0.5, -0.1, 0.35];
const CHURN_PAYMENT = [0, 0.1, -0.3, 0.5];
const CHURN_PER_TICKET = 0.05;
const CHURN_PER_FEE_EURO = 0.008;
/** Extra log hazard when the fee is high AND there were many tickets: the non-linear part. */
const CHURN_FEE_TICKETS = 2.0;
const HIGH_FEE_CENTS = 6500;
const MANY_TICKETS = 2;
/** Young customers hop between services, the oldest give up on it: a U shape linear models miss. */
const CHURN_YOUNG = 0.6;
const CHURN_SENIOR = 0.5;
const CHURN_NEWSLETTER = -0.25;
const CHURN_PER_AGE_YEAR = -0.012;
const CHURN_LATENT = 0.35;
/** Unobserved heterogeneity: the noise that keeps models honest. */
const CHURN_NOISE = 0.6;
/** Weibull shape < 1: the hazard falls with tenure, so new customers churn most. */
const CHURN_SHAPE = 0.65;
/** Weibull scale in months for a baseline customer. */
const CHURN_SCALE_MONTHS = 52;
/** Purchases slow down this long before a customer cancels, so recency carries churn signal. */
export const DISENGAGE_MS = 60 * DAY_MS;
export const DISENGAGED_RATE = 0.4;

export const FAVOURITES = 3;
/** How often a basket line comes from the first, second and third favourite category (else any). */
export const FAVOURITE_WEIGHTS = [0.55, 0.25, 0.12];

export interface DemoCustomer {
  index: number;
  id: string;
  signupMs: number;
  country: string;
  region: string;
  channel: number;
  contract: number;
  /** NaN when left blank. */
  age: number;
  gender: number;
  fullName: string;
  email: string;
  newsletter: boolean;
  /** Support tickets in the six months before cancellation or the end date. */
  tickets: number;
  feeCents: number;
  payment: number;
  /** When the subscription ends (may lie after the end date: not churned yet). */
  churnMs: number;
  churned: boolean;
  /**
   * Whole months from signup to the end date (the export date), whether or not the customer has
   * cancelled since. Not "months until cancellation": with signup_date in the same file that
   * would give the label away (signup + tenure < end exactly when churned).
   */
  tenureMonths: number;
  /** Last instant the customer is active: cancellation or the end date. */
  stopMs: number;

  // Latent traits.
  dissatisfaction: number;
  /** Purchase rate while alive, per millisecond (BG/NBD lambda). */
  purchaseRate: number;
  /** Probability of dropping out after each repeat purchase (BG/NBD p). */
  dropout: number;
  /** Mean number of extra lines per invoice. */
  extraLines: number;
  /** Mean extra quantity per line (quantity = 1 + Poisson). */
  extraQuantity: number;
  favouriteCategories: number[];
  favouriteProducts: number[];
  /** Probability that a line is one of the favourite products (repeat buying). */
  loyalty: number;
  /** Multiplier of app activity (events). */
  activity: number;
  emailOpenRate: number;
}

const CUSTOMER_STREAM = 1;

const asciiNames = new Map<string, string>();

/** The name as it goes into an email address: José O'Brien -> jose, obrien. */
function ascii(name: string): string {
  let a = asciiNames.get(name);
  if (a === undefined) {
    a = name
      .normalize('NFD')
      .replace(/[\u0300-\u036f]/g, '')
      .replace(/[^A-Za-z]/g, '')
      .toLowerCase();
    asciiNames.set(name, a);
  }
  return a;
}

export function drawCustomer(world: World, index: number): DemoCustomer {
  const { opts, cal, catalog } = world;
  const rng = new Rng(seedOf(opts.seed, CUSTOMER_STREAM, index));
  // Stratified quantiles keep signups in id order: customer ids grow with signup date.
  const signupDay = signupAt(cal, (index + rng.next()) / opts.customers);
  const signupMs = Math.floor(signupDay / DAY_MS) * DAY_MS + sampleSecondOfDay(rng) * 1000;

  const country = COUNTRIES[countryTable.sample(rng)];
  const region = rng.pick(country.regions);
  const channel = channelTable.sample(rng);
  // Referred customers commit longer; social signups less.
  let contract = contractTable.sample(rng);
  if (channel === 3 && contract === 0 && rng.chance(0.3)) contract = 1;
  if (channel === 2 && contract === 2 && rng.chance(0.4)) contract = 0;
  const trueAge = Math.round(Math.min(85, Math.max(18, 42 + 14 * rng.normal())));
  const age = rng.chance(opts.missingAgeRate) ? NaN : trueAge;
  const gender = genderTable.sample(rng);
  const first = rng.pick(gender === 0 ? FIRST_NAMES_FEMALE : gender === 1 ? FIRST_NAMES_MALE : FIRST_NAMES_OTHER);
  const last = rng.pick(LAST_NAMES);
  const email = `${ascii(first)}.${ascii(last)}${index + 1}@${rng.pick(EMAIL_DOMAINS)}`;
  const newsletter = rng.chance(channel === 4 ? 0.7 : 0.42);

  let fee = TIERS[tierTable.sample(rng)];
  for (let k = rng.poisson(0.8); k > 0; k--) fee += rng.pick(ADDONS);
  fee = Math.round(fee * (contract === 0 ? 1 : contract === 1 ? 0.9 : 0.8));
  const payment = paymentTable.sample(rng);

  const dissatisfaction = rng.normal();
  const tickets = rng.poisson(Math.exp(-0.1 + 0.7 * dissatisfaction + (fee >= 7000 ? 0.25 : 0)));

  const eta =
    CHURN_CONTRACT[contract] +
    CHURN_CHANNEL[channel] +
    CHURN_PAYMENT[payment] +
    CHURN_PER_TICKET * tickets +
    CHURN_PER_FEE_EURO * (fee / 100 - 50) +
    (fee >= HIGH_FEE_CENTS && tickets >= MANY_TICKETS ? CHURN_FEE_TICKETS : 0) +
    (trueAge < 25 ? CHURN_YOUNG : trueAge >= 68 ? CHURN_SENIOR : 0) +
    (newsletter ? CHURN_NEWSLETTER : 0) +
    CHURN_PER_AGE_YEAR * (trueAge - 42) +
    CHURN_LATENT * dissatisfaction +
    CHURN_NOISE * rng.normal();
  // Weibull proportional hazards: H(t) = (t / scale)^shape * e^eta; solve H(T) = Exp(1).
  const months = CHURN_SCALE_MONTHS * Math.pow(rng.exponential(1) * Math.exp(-eta), 1 / CHURN_SHAPE);
  const churnMs = signupMs + Math.max(1 * DAY_MS, months * MONTH_MS);
  const churned = churnMs < opts.endMs;
  const stopMs = churned ? churnMs : opts.endMs;

  // BG/NBD: gamma-distributed rate, beta-distributed dropout; unhappy customers buy a little less.
  const yearly = rng.gamma(1.1, opts.purchasesPerYear / 1.1) * Math.exp(-0.15 * dissatisfaction);
  const purchaseRate = yearly / (365.25 * DAY_MS);
  const dropout = Math.min(0.95, (rng.beta(1.2, 5) * 5 * Math.exp(0.15 * dissatisfaction)) / opts.purchasesPerYear);

  const extraLines = rng.lognormal(Math.log(1.1), 0.35);
  const extraQuantity = rng.lognormal(Math.log(0.4), 0.7) * (rng.chance(0.04) ? 6 : 1);
  const favouriteCategories: number[] = [];
  while (favouriteCategories.length < FAVOURITES) {
    const c = catalog.categoryShare.sample(rng);
    if (!favouriteCategories.includes(c)) favouriteCategories.push(c);
  }
  const favouriteProducts = favouriteCategories.map((c) => sampleInCategory(catalog, c, rng));
  const loyalty = rng.beta(2, 4);
  const activity = rng.lognormal(-0.1, 0.5) * Math.exp(-0.15 * dissatisfaction);
  const emailOpenRate = rng.beta(2, 5);

  return {
    index,
    id: customerId(world, index),
    signupMs,
    country: country.name,
    region,
    channel,
    contract,
    age,
    gender,
    fullName: `${first} ${last}`,
    email,
    newsletter,
    tickets,
    feeCents: fee,
    payment,
    churnMs,
    churned,
    tenureMonths: Math.floor((opts.endMs - signupMs) / MONTH_MS),
    stopMs,
    dissatisfaction,
    purchaseRate,
    dropout,
    extraLines,
    extraQuantity,
    favouriteCategories,
    favouriteProducts,
    loyalty,
    activity,
    emailOpenRate,
  };
}

export const CUSTOMER_HEADER =
  'customer_id,signup_date,country,region,acquisition_channel,contract,age,gender,full_name,email,newsletter,' +
  'support_tickets,monthly_fee,payment_method,tenure_months,churned';

export function customerRow(world: World, c: DemoCustomer): string {
  return [
    c.id,
    dateText(world.cal, c.signupMs),
    csvField(c.country),
    csvField(c.region),
    CHANNELS[c.channel],
    CONTRACTS[c.contract],
    Number.isNaN(c.age) ? '' : String(c.age),
    GENDERS[c.gender],
    csvField(c.fullName),
    csvField(c.email),
    c.newsletter ? 'Yes' : 'No',
    String(c.tickets),
    centsText(c.feeCents),
    PAYMENTS[c.payment],
    String(c.tenureMonths),
    c.churned ? 'Yes' : 'No',
  ].join(',');
}

/** customers.csv in batches of `batchRows` rows; the first batch starts with the header. */
export function* customerLines(world: World, batchRows = 20_000): Generator<string> {
  let lines: string[] = [CUSTOMER_HEADER];
  for (let i = 0; i < world.opts.customers; i++) {
    lines.push(customerRow(world, drawCustomer(world, i)));
    if (lines.length >= batchRows) {
      yield lines.join('\n') + '\n';
      lines = [];
    }
  }
  if (lines.length > 0) yield lines.join('\n') + '\n';
}
