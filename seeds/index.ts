// Public surface of the synthetic demo-data generator.
export { DEMO_FILES, demoLines, generateDemo, planForTransactions, type DemoData, type DemoFile } from './generate';
export { DEMO_DEFAULTS, resolveDemoOptions, type DemoOptions, type ResolvedDemoOptions } from './options';
export { buildWorld, type World } from './world';
export { customerLines, drawCustomer, CUSTOMER_HEADER, type DemoCustomer } from './customers';
export { transactionLines, countTransactionRows, TRANSACTION_HEADER } from './transactions';
export { productLines, PRODUCT_HEADER } from './products';
export { eventLines, EVENT_HEADER, EVENT_TYPES } from './events';
export { surveyLines, surveyResponses, SURVEY_HEADER } from './surveys';
export { campaignLines, CAMPAIGN_HEADER } from './campaign';
export { NEXT_MONTH_FILE, NEXT_MONTH_SHIFT, nextMonthCustomers, nextMonthLines } from './next-month';
