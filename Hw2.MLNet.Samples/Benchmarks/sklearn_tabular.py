"""scikit-learn's MLP on the same split as `bench --tabular`, for the side-by-side table in BENCHMARKS.md.

Usage: /usr/bin/python3 sklearn_tabular.py CSV binary|regression SEEDS (bench --tabular runs it from the build folder)
The CSV has a header row and the label in its last column (what `TabularDataset.EnsureCsv` writes). Row i is a test
row when i % 5 == 0, as in `bench --tabular`. Features are standardised on the training rows (StandardScaler, the
same as ML.NET's NormalizeMeanVariance(fixZero: false)); scikit-learn's defaults otherwise: one hidden layer of 100
ReLU units, Adam at 1e-3, minibatches of min(200, n), up to 200 epochs with its own tolerance stop, alpha 1e-4.
Regression also runs inside TransformedTargetRegressor(StandardScaler()), which standardises the label as our
trainer does. Prints one line per model: name, the metric means over the seeds, and the mean fit time in seconds.
"""
import sys
import time
import warnings

import numpy as np
from sklearn.compose import TransformedTargetRegressor
from sklearn.exceptions import ConvergenceWarning
from sklearn.metrics import accuracy_score, r2_score, roc_auc_score, mean_absolute_error
from sklearn.neural_network import MLPClassifier, MLPRegressor
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler


def main():
    path, task, seeds = sys.argv[1], sys.argv[2], int(sys.argv[3])
    data = np.loadtxt(path, delimiter=",", skiprows=1)
    x, y = data[:, :-1], data[:, -1]
    test = np.arange(len(y)) % 5 == 0
    x_train, y_train, x_test, y_test = x[~test], y[~test], x[test], y[test]
    warnings.simplefilter("ignore", ConvergenceWarning)
    if task == "binary":
        models = {"MLPClassifier": lambda s: make_pipeline(StandardScaler(), MLPClassifier(random_state=s))}
    else:
        models = {
            "MLPRegressor": lambda s: make_pipeline(StandardScaler(), MLPRegressor(random_state=s)),
            "MLPRegressor + TransformedTargetRegressor": lambda s: TransformedTargetRegressor(
                regressor=make_pipeline(StandardScaler(), MLPRegressor(random_state=s)), transformer=StandardScaler()),
        }

    for name, make in models.items():
        metrics, seconds = [], []
        for seed in range(seeds):
            model = make(seed)
            start = time.perf_counter()
            model.fit(x_train, y_train)
            seconds.append(time.perf_counter() - start)
            if task == "binary":
                probability = model.predict_proba(x_test)[:, 1]
                metrics.append((accuracy_score(y_test, probability >= 0.5), roc_auc_score(y_test, probability)))
            else:
                prediction = model.predict(x_test)
                metrics.append((r2_score(y_test, prediction), mean_absolute_error(y_test, prediction)))
        first, second = np.mean(metrics, axis=0)
        labels = ("accuracy", "auc") if task == "binary" else ("r2", "mae")
        print(f"{name}\t{labels[0]} {first:.4f}\t{labels[1]} {second:.4f}\tfit {np.mean(seconds):.3f} s\t({seeds} seeds, {len(y_train)} train / {len(y_test)} test rows)")


if __name__ == "__main__":
    main()
