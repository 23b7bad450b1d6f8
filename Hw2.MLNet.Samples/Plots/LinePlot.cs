using OxyPlot;
using OxyPlot.Axes;
using OxyPlot.Legends;
using OxyPlot.Series;

namespace Hw2.MLNet.Samples.Plots;

/// <summary>One line series of a plot.</summary>
/// <param name="Name">Legend entry.</param>
/// <param name="Points">(x, y) values in order.</param>
/// <param name="Color">Line colour; OxyPlot's palette when null.</param>
/// <param name="Dashed">Dashed instead of solid (e.g. test beside train in the same colour).</param>
internal sealed record PlotSeries(string Name, IReadOnlyList<(double X, double Y)> Points, OxyColor? Color = null, bool Dashed = false);

/// <summary>Where a chart's legend goes.</summary>
internal enum LegendSpot
{
    /// <summary>Inside, bottom right (rising curves).</summary>
    BottomRight,

    /// <summary>Inside, top right (falling curves).</summary>
    TopRight,

    /// <summary>Right of the plot area (curves everywhere).</summary>
    Outside,
}

/// <summary>Line charts as PNG images (OxyPlot on SkiaSharp): title, settings as subtitle, labelled axes, a legend.</summary>
internal static class LinePlot
{
    /// <summary>
    /// Writes the chart as a 900×560 PNG to <paramref name="output"/>; <paramref name="legend"/> keeps the legend off
    /// the curves; <paramref name="logY"/> draws the y axis on a log scale (values of different orders of magnitude).
    /// </summary>
    public static void Write(
        Stream output,
        string title,
        string caption,
        string xLabel,
        string yLabel,
        IReadOnlyList<PlotSeries> series,
        bool percent = false,
        LegendSpot legend = LegendSpot.BottomRight,
        bool logY = false)
    {
        var model = new PlotModel { Title = title, Subtitle = caption, Background = OxyColors.White };
        model.Axes.Add(new LinearAxis { Position = AxisPosition.Bottom, Title = xLabel, MajorGridlineStyle = LineStyle.Dot });
        Axis y = logY ? new LogarithmicAxis { MinorGridlineStyle = LineStyle.Dot } : new LinearAxis();
        y.Position = AxisPosition.Left;
        y.Title = yLabel;
        y.MajorGridlineStyle = LineStyle.Dot;
        y.StringFormat = percent ? "0.#%" : null;
        model.Axes.Add(y);
        model.Legends.Add(new Legend
        {
            LegendPosition = legend == LegendSpot.BottomRight ? LegendPosition.RightBottom : LegendPosition.RightTop,
            LegendPlacement = legend == LegendSpot.Outside ? LegendPlacement.Outside : LegendPlacement.Inside,
            LegendBackground = OxyColor.FromAColor(220, OxyColors.White),
        });
        foreach (PlotSeries s in series)
        {
            var line = new LineSeries
            {
                Title = s.Name,
                MarkerType = s.Points.Count <= 20 ? MarkerType.Circle : MarkerType.None,
                StrokeThickness = 2,
                LineStyle = s.Dashed ? LineStyle.Dash : LineStyle.Solid,
                Color = s.Color ?? OxyColors.Automatic,
                MarkerFill = s.Color ?? OxyColors.Automatic,
            };
            line.Points.AddRange(s.Points.Select(p => new DataPoint(p.X, p.Y)));
            model.Series.Add(line);
        }

        var exporter = new OxyPlot.SkiaSharp.PngExporter { Width = 900, Height = 560 };
        exporter.Export(model, output);
    }
}
