using System.Globalization;

namespace Hw2.MLNet.Samples.Reporting;

/// <summary>How the report writes numbers; the tests format CSV values with the same functions to compare.</summary>
internal static class Numbers
{
    /// <summary>A fraction as a percentage with one decimal, e.g. 0.6471 → "64.7%".</summary>
    public static string Percent(double fraction) => (fraction * 100).ToString("F1", CultureInfo.InvariantCulture) + "%";

    /// <summary>A difference of fractions in percentage points with sign, e.g. +1.2 points.</summary>
    public static string Points(double difference) => (difference * 100).ToString("+0.0;-0.0;0.0", CultureInfo.InvariantCulture) + " points";

    /// <summary>A loss with three decimals.</summary>
    public static string Loss(double loss) => loss.ToString("F3", CultureInfo.InvariantCulture);

    /// <summary>Seconds with one decimal below 100 s, none above.</summary>
    public static string Seconds(TimeSpan time) => time.TotalSeconds.ToString(time.TotalSeconds < 100 ? "F1" : "F0", CultureInfo.InvariantCulture) + " s";

    /// <summary>Seconds per epoch with three decimals.</summary>
    public static string PerEpoch(TimeSpan time, int epochs) =>
        epochs == 0 ? "–" : (time.TotalSeconds / epochs).ToString("F3", CultureInfo.InvariantCulture) + " s";
}
