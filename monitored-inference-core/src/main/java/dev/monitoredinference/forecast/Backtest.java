package dev.monitoredinference.forecast;

/**
 * How a forecast fitted on all but the last points did on those points ({@link
 * HoltWinters#backtest}): mean absolute error, mean absolute percentage error (over points that
 * are not 0) and the share of points inside the band.
 *
 * @param points the points held out and forecast
 * @param meanAbsoluteError in the series' unit
 * @param meanAbsolutePercentageError a share (0.1 = 10 %); NaN if every held-out point is 0
 * @param bandCoverage the share of held-out points inside the band
 */
public record Backtest(int points, double meanAbsoluteError, double meanAbsolutePercentageError,
    double bandCoverage) {}
