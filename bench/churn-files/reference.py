"""Reference AUCs for a churn CSV on given folds (the protocol of ../shared/reference/README.md section 1):
drop identifier columns, a text column >95% numeric is numeric, median imputation + standardisation fitted
on the training folds, one-hot for the rest; logistic regression, random forest (300 trees), histogram
gradient boosting (defaults), XGBoost (defaults and the README's tuned settings), single decision trees
(Gini, depth 5 and 4, 20-row leaves) and LinearSVC(C=1) (its decision_function ranks for the AUC).
usage: reference.py FILE FOLDS.json TARGET DELIMITER [DROP,COLS]"""
import csv, json, sys, time, warnings
import numpy as np
from sklearn.compose import ColumnTransformer
from sklearn.ensemble import HistGradientBoostingClassifier, RandomForestClassifier
from sklearn.impute import SimpleImputer
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import roc_auc_score
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import OneHotEncoder, StandardScaler
from sklearn.svm import LinearSVC
from sklearn.tree import DecisionTreeClassifier

# LinearSVC may stop at max_iter with a ConvergenceWarning; the reference is the estimator as configured.
warnings.filterwarnings('ignore')

path, folds_path, target, delim = sys.argv[1:5]
drop = set(sys.argv[5].split(',')) if len(sys.argv) > 5 and sys.argv[5] else set()
with open(path, newline='', encoding='utf-8-sig') as f:
    rows = list(csv.reader(f, delimiter=delim))
header, body = rows[0], rows[1:]
cols = {h: [r[i] for r in body] for i, h in enumerate(header)}
y = np.array([1 if v.strip().lower() in ('yes', '1', 'true', 'vrai', 'oui') else 0 for v in cols[target]])
fold = np.array(json.load(open(folds_path)))

def as_number(v):
    v = v.strip()
    if delim == ';':
        v = v.replace('.', '').replace(',', '.')
    try:
        return float(v)
    except ValueError:
        return None

num, cat = [], []
for h in header:
    if h == target or h in drop:
        continue
    parsed = [as_number(v) for v in cols[h]]
    if sum(p is not None for p in parsed) > 0.95 * len(parsed):
        num.append(np.array([np.nan if p is None else p for p in parsed]))
    else:
        cat.append(np.array(cols[h], dtype=object))
X_num = np.column_stack(num) if num else np.zeros((len(y), 0))
X_cat = np.column_stack(cat) if cat else np.zeros((len(y), 0), dtype=object)
X = np.concatenate([X_num.astype(object), X_cat], axis=1)
n_num = X_num.shape[1]
pre = ColumnTransformer([
    ('num', make_pipeline(SimpleImputer(strategy='median'), StandardScaler()), list(range(n_num))),
    ('cat', OneHotEncoder(handle_unknown='ignore', sparse_output=False), list(range(n_num, X.shape[1]))),
])

models = {
    'logistic': lambda: LogisticRegression(max_iter=2000),
    'random_forest_300': lambda: RandomForestClassifier(n_estimators=300, n_jobs=-1, random_state=0),
    'hist_gradient_boosting': lambda: HistGradientBoostingClassifier(random_state=0),
    'decision_tree_d5_l20': lambda: DecisionTreeClassifier(max_depth=5, min_samples_leaf=20, random_state=0),
    'decision_tree_d4_l20': lambda: DecisionTreeClassifier(max_depth=4, min_samples_leaf=20, random_state=0),
    'linear_svc': lambda: LinearSVC(C=1),
}
try:
    from xgboost import XGBClassifier
    models['xgboost_defaults'] = lambda: XGBClassifier(tree_method='hist', n_jobs=2)
    models['xgboost_tuned'] = lambda: XGBClassifier(tree_method='hist', n_estimators=400, learning_rate=0.03, max_depth=4, subsample=0.8, colsample_bytree=0.8, min_child_weight=3, n_jobs=2, random_state=0)
except ImportError:
    pass

out = {}
for name, make in models.items():
    aucs = []
    started = time.time()
    for k in sorted(set(fold.tolist())):
        tr, te = fold != k, fold == k
        pipe = make_pipeline(pre, make())
        pipe.fit(X[tr], y[tr])
        score = pipe.decision_function(X[te]) if name == 'linear_svc' else pipe.predict_proba(X[te])[:, 1]
        aucs.append(roc_auc_score(y[te], score))
    out[name] = {'aucMean': float(np.mean(aucs)), 'aucStd': float(np.std(aucs)), 'seconds': time.time() - started}
print(json.dumps(out))
