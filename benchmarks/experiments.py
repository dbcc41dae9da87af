"""Local experiments: importing a CSV of observations, progress, the reflection report and a chart.

Run with `.venv/bin/python -m benchmarks.experiments`. The data is the fictitious demo graph plus a
synthetic CSV (every municipality of the graph, one demo indicator, 15 years of months), so it is
clearly not real data. Results go to benchmarks/resultaten/experimenten.{json,md}.
"""

from benchmarks.common import machine, timed, write
from graaf import Store, sync_shipped
from graaf.demo import load_demo
from graaf.experiments import plot
from graaf.experiments.observations import import_observations
from graaf.experiments.progress import experiment_progress
from graaf.experiments.report import reflection
from validatie import ShaclValidator

REPEATS = 5
CODES = ("GM0037", "GM0047", "GM0106", "GM0109", "GM0114", "GM0765", "GM1680", "GM1681", "GM1895", "GM1950", "GM1952")


def synthetic_csv() -> str:
    rows = ["regiocode;periode;indicator;waarde"]
    for code in CODES:
        for month in range(180):
            year, m = 2012 + month // 12, month % 12 + 1
            rows.append(
                f"{code};{year}-{m:02d};demo-betalingsachterstand-fictief;{10 + (month % 7) / 2:.1f}".replace(".", ",")
            )
    return "\n".join(rows) + "\n"


def main() -> None:
    store = Store()
    sync_shipped(store)
    load_demo(store)
    text = synthetic_csv()
    rows = text.count("\n") - 1
    validator = ShaclValidator()
    results = {
        "csv_import": timed(lambda: import_observations(store, text, "bench", validator=validator), REPEATS),
        "voortgang_alle_experimenten": timed(lambda: experiment_progress(store), REPEATS),
        "reflectie_2026": timed(lambda: reflection(store, 2026), REPEATS),
    }
    progress = experiment_progress(store)[1].indicators[0]
    results["grafiek_svg"] = timed(lambda: plot.svg(plot.layout(progress, "x", None, None, "")), REPEATS)
    results["grafiek_png"] = timed(lambda: plot.png(plot.layout(progress, "x", None, None, "")), REPEATS)
    data = {"machine": machine(), "rijen_csv": rows, "triples": len(store), "metingen": results}
    table = "\n".join(
        [
            "| meting | mediaan (s) | min–max (s) |",
            "| --- | --- | --- |",
            *(f"| {name} | {r['mediaan_s']:.3f} | {r['min_s']:.3f}–{r['max_s']:.3f} |" for name, r in results.items()),
            "",
            f"CSV: {rows} rijen (fictief), graaf: {len(store)} triples, {REPEATS} herhalingen.",
        ]
    )
    write("experimenten", data, table)
    print(table)


if __name__ == "__main__":
    main()
