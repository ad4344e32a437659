// Word lists for readable fake products and people. Invented data only: no real person is named.

export interface CategorySpec {
  name: string;
  /** Relative size of the category in the shop's sales. */
  share: number;
  /** Typical price range in euros (log-uniform). */
  price: [number, number];
  nouns: string[];
  variants: string[];
  /** Index of the category whose products go with this one (co-purchases). */
  pairsWith: number;
}

export const CATEGORIES: CategorySpec[] = [
  {
    name: 'Kitchen',
    share: 1.4,
    price: [4, 60],
    nouns: ['Ceramic mug', 'Chef knife', 'Cutting board', 'Saucepan', 'Mixing bowl', 'Tea towel', 'Spice rack', 'Salad spinner', 'Cast iron skillet', 'Measuring cups'],
    variants: ['blue', 'white', 'charcoal', 'sage', 'terracotta', 'large', 'small', 'set of 2'],
    pairsWith: 1,
  },
  {
    name: 'Coffee & Tea',
    share: 1.2,
    price: [3, 35],
    nouns: ['Espresso beans', 'Green tea', 'French press', 'Pour-over filter papers', 'Chai blend', 'Milk frother', 'Decaf beans', 'Herbal infusion', 'Tea infuser', 'Cold brew bottle'],
    variants: ['250 g', '500 g', '1 kg', 'organic', 'dark roast', 'mild', 'gift tin', 'travel size'],
    pairsWith: 0,
  },
  {
    name: 'Home decor',
    share: 1.0,
    price: [5, 80],
    nouns: ['Scented candle', 'Photo frame', 'Cushion cover', 'Wall clock', 'Table lamp', 'Vase', 'Throw blanket', 'Mirror', 'Plant pot', 'Fairy lights'],
    variants: ['ivory', 'navy', 'mustard', 'rose', 'oak', 'brass', 'small', 'large'],
    pairsWith: 9,
  },
  {
    name: 'Stationery',
    share: 0.8,
    price: [2, 25],
    nouns: ['Notebook', 'Fountain pen', 'Sticky notes', 'Desk planner', 'Gel pens', 'Greeting card', 'Washi tape', 'Pencil case', 'Sketchbook', 'Envelope pack'],
    variants: ['A5', 'A4', 'dotted', 'lined', 'black', 'pastel', 'pack of 5', 'recycled'],
    pairsWith: 10,
  },
  {
    name: 'Garden',
    share: 0.7,
    price: [4, 90],
    nouns: ['Seed mix', 'Watering can', 'Pruning shears', 'Garden gloves', 'Bird feeder', 'Raised bed kit', 'Compost bin', 'Solar lantern', 'Hose nozzle', 'Herb planter'],
    variants: ['green', 'galvanised', 'wildflower', 'vegetable', 'medium', 'large', 'kids', 'deluxe'],
    pairsWith: 7,
  },
  {
    name: 'Toys & Games',
    share: 0.8,
    price: [5, 70],
    nouns: ['Jigsaw puzzle', 'Board game', 'Building blocks', 'Plush bear', 'Card game', 'Wooden train', 'Kite', 'Craft kit', 'Puppet', 'Marble run'],
    variants: ['500 pieces', '1000 pieces', 'family edition', 'travel edition', 'red', 'rainbow', 'junior', 'classic'],
    pairsWith: 3,
  },
  {
    name: 'Beauty',
    share: 0.9,
    price: [3, 45],
    nouns: ['Hand cream', 'Lip balm', 'Shampoo bar', 'Face serum', 'Bath salts', 'Body lotion', 'Nail polish', 'Soap', 'Hair oil', 'Sheet mask'],
    variants: ['lavender', 'citrus', 'unscented', 'rose', 'travel size', '250 ml', 'vegan', 'gift set'],
    pairsWith: 2,
  },
  {
    name: 'Pet supplies',
    share: 0.8,
    price: [3, 60],
    nouns: ['Dog treats', 'Cat toy', 'Pet bed', 'Leash', 'Food bowl', 'Grooming brush', 'Cat litter', 'Chew bone', 'Scratching post', 'Bird seed'],
    variants: ['small', 'medium', 'large', 'chicken', 'salmon', 'grey', 'red', 'value pack'],
    pairsWith: 4,
  },
  {
    name: 'Electronics accessories',
    share: 0.9,
    price: [6, 120],
    nouns: ['USB-C cable', 'Phone case', 'Wireless charger', 'Earbuds', 'Power bank', 'Laptop sleeve', 'Bluetooth speaker', 'Screen protector', 'Smart plug', 'Webcam cover'],
    variants: ['black', 'white', '1 m', '2 m', '10000 mAh', '13 inch', 'pro', 'mini'],
    pairsWith: 3,
  },
  {
    name: 'Textiles',
    share: 0.7,
    price: [6, 90],
    nouns: ['Bath towel', 'Bed sheet', 'Duvet cover', 'Pillowcase', 'Bath mat', 'Table runner', 'Apron', 'Curtain', 'Napkin set', 'Beach towel'],
    variants: ['cotton', 'linen', 'single', 'double', 'king', 'striped', 'grey', 'white'],
    pairsWith: 2,
  },
  {
    name: 'Books',
    share: 0.6,
    price: [5, 40],
    nouns: ['Cookbook', 'Travel guide', 'Crime novel', 'Poetry collection', 'Gardening handbook', 'Colouring book', 'Biography', 'Puzzle book', 'Science fiction novel', 'Picture book'],
    variants: ['paperback', 'hardcover', 'large print', 'illustrated', 'second edition', 'boxed set', 'pocket', 'signed'],
    pairsWith: 3,
  },
  {
    name: 'Sports & Outdoor',
    share: 0.7,
    price: [5, 110],
    nouns: ['Yoga mat', 'Water bottle', 'Resistance bands', 'Running socks', 'Camping mug', 'Headlamp', 'Picnic blanket', 'Jump rope', 'Foam roller', 'Daypack'],
    variants: ['black', 'teal', 'orange', 'light', 'insulated', '750 ml', 'pair', 'pro'],
    pairsWith: 4,
  },
];

/** Optional style word, so large catalogues still get unique readable names. */
export const STYLES = ['', 'Classic', 'Nordic', 'Rustic', 'Eco', 'Deluxe'];

export const FIRST_NAMES_FEMALE = [
  'Anna', 'Emma', 'Olivia', 'Sophie', 'Mia', 'Lena', 'Chloé', 'Isabel', 'Julia', 'Sara', 'Laura', 'Hannah', 'Nora',
  'Zoë', 'Elena', 'Maja', 'Ingrid', 'Aoife', 'Lucía', 'Marta', 'Clara', 'Amira', 'Fatima', 'Grace', 'Ella', 'Freya',
  'Ewa', 'Giulia', 'Inès', 'Leonie',
];
export const FIRST_NAMES_MALE = [
  'Liam', 'Noah', 'Lucas', 'Ben', 'Finn', 'Jonas', 'Matteo', 'Hugo', 'Oliver', 'Jack', 'Leon', 'Daniel', 'Adam',
  'Erik', 'José', 'Luca', 'Piotr', 'Seán', 'Mehmet', 'Omar', 'Thomas', 'Samuel', 'Felix', 'Oscar', 'Max', 'Arjun',
  'Tomás', 'Mateo', 'Nils', 'Rémi',
];
export const FIRST_NAMES_OTHER = ['Alex', 'Sam', 'Robin', 'Charlie', 'Kim', 'Jordan', 'Noa', 'Eden', 'Sasha', 'Jules'];
export const LAST_NAMES = [
  'Smith', 'Jones', 'Murphy', "O'Brien", 'Müller', 'Schmidt', 'Schneider', 'Fischer', 'Martin', 'Bernard', 'Dubois',
  'Moreau', 'García', 'Fernández', 'López', 'Rossi', 'Russo', 'Bianchi', 'de Vries', 'Jansen', 'Bakker', 'Nowak',
  'Kowalski', 'Wiśniewska', 'Andersson', 'Johansson', 'Nilsson', 'Peeters', 'Janssens', 'Kelly', 'Walsh', 'Taylor',
  'Brown', 'Wilson', 'Evans', 'Patel', 'Khan', 'Yilmaz', 'Novak', 'Costa', 'Silva', 'Ferrari', 'Hoffmann', 'Weber',
  'Lefebvre', 'Romano', 'Svensson', 'Byrne', 'Ryan', 'Clarke',
];
