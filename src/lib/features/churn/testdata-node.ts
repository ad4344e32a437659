// Test-only (Node): the telco file as the app imports it, through the project's own loader
// (customerID id, SeniorCitizen/Partner/... boolean, TotalCharges number with 11 missing, Churn boolean).
import type { Table } from '../../data/table';
import { loadDataset } from '../../../../tests/datasets';

let telco: Promise<Table> | null = null;

export function loadTelco(): Promise<Table> {
  telco ??= loadDataset('telco/Telco-Customer-Churn.csv').then((r) => r.table);
  return telco;
}
