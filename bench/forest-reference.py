"""sklearn's RandomForestClassifier(300, n_jobs=2) on telco, the churn protocol (StratifiedKFold(5, shuffle,
random_state=42); median imputation + standardisation, one-hot), timed fit + predict over the 5 folds,
for the forest row of `npm run bench`. usage: forest-reference.py TELCO.csv -> {"seconds": s, "aucMean": a}"""
import csv, json, sys, time
import numpy as np
from sklearn.compose import ColumnTransformer
from sklearn.ensemble import RandomForestClassifier
from sklearn.impute import SimpleImputer
from sklearn.metrics import roc_auc_score
from sklearn.model_selection import StratifiedKFold
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import OneHotEncoder, StandardScaler

with open(sys.argv[1], newline='', encoding='utf-8-sig') as f:
    rows = list(csv.reader(f))
header, body = rows[0], rows[1:]
cols = {h: [r[i] for r in body] for i, h in enumerate(header)}
y = np.array([1 if v == 'Yes' else 0 for v in cols['Churn']])
numeric = ['tenure', 'MonthlyCharges', 'TotalCharges']
def num(v):
    try:
        return float(v)
    except ValueError:
        return np.nan
X_num = np.column_stack([[num(v) for v in cols[h]] for h in numeric])
cat = [h for h in header if h not in numeric and h not in ('Churn', 'customerID')]
X_cat = np.column_stack([np.array(cols[h], dtype=object) for h in cat])
X = np.concatenate([X_num.astype(object), X_cat], axis=1)
pre = ColumnTransformer([
    ('num', make_pipeline(SimpleImputer(strategy='median'), StandardScaler()), list(range(len(numeric)))),
    ('cat', OneHotEncoder(handle_unknown='ignore', sparse_output=False), list(range(len(numeric), X.shape[1]))),
])
aucs = []
started = time.perf_counter()
for tr, te in StratifiedKFold(5, shuffle=True, random_state=42).split(X, y):
    pipe = make_pipeline(pre, RandomForestClassifier(n_estimators=300, n_jobs=2, random_state=0))
    pipe.fit(X[tr], y[tr])
    aucs.append(roc_auc_score(y[te], pipe.predict_proba(X[te])[:, 1]))
print(json.dumps({'seconds': time.perf_counter() - started, 'aucMean': float(np.mean(aucs))}))
