namespace Hw2.MLNet.Training;

/// <summary>
/// The rule of every training option, stated once. <see cref="MlpOptionsBase.Validate"/> and
/// <see cref="TrainingOptions.Validate"/> both check through this table, so an option means the same thing and is
/// refused with the same message whichever way training is started. Each rule throws an
/// <see cref="ArgumentException"/> (<see cref="ArgumentNullException"/> for a missing list) whose message says what is
/// wrong and whose parameter name is the option's name.
/// </summary>
internal static class OptionRules
{
    /// <summary>Most epochs to run: at least 1.</summary>
    public static void MaxEpochs(int value)
    {
        if (value < 1)
        {
            throw new ArgumentException($"{nameof(MaxEpochs)} must be at least 1 but is {value}.", nameof(MaxEpochs));
        }
    }

    /// <summary>The step size: positive and finite.</summary>
    public static void LearningRate(float value)
    {
        if (!(value > 0f) || !float.IsFinite(value))
        {
            throw new ArgumentException($"{nameof(LearningRate)} must be a positive finite number but is {value}.", nameof(LearningRate));
        }
    }

    /// <summary>μ of the momentum optimizers: in [0, 1).</summary>
    public static void Momentum(float value)
    {
        if (!(value >= 0f && value < 1f))
        {
            throw new ArgumentException($"{nameof(Momentum)} must be in [0, 1) but is {value}.", nameof(Momentum));
        }
    }

    /// <summary>The L2 penalty λ: finite and ≥ 0.</summary>
    public static void WeightDecay(float value)
    {
        if (!(value >= 0f) || !float.IsFinite(value))
        {
            throw new ArgumentException($"{nameof(WeightDecay)} must be a finite number ≥ 0 but is {value}.", nameof(WeightDecay));
        }
    }

    /// <summary>The divergence factor: greater than 1 (infinity keeps only the non-finite check).</summary>
    public static void DivergenceFactor(double value)
    {
        if (!(value > 1))
        {
            throw new ArgumentException(
                $"{nameof(DivergenceFactor)} must be greater than 1 (or PositiveInfinity to check only for NaN and infinity) but is {value}.", nameof(DivergenceFactor));
        }
    }

    /// <summary>The held-out fraction: in [0, 1).</summary>
    public static void ValidationFraction(double value)
    {
        if (!(value >= 0 && value < 1))
        {
            throw new ArgumentException($"{nameof(ValidationFraction)} must be in [0, 1) but is {value}.", nameof(ValidationFraction));
        }
    }

    /// <summary>An enumeration option (engine, activation, optimizer): one of its declared values.</summary>
    public static void Known<TEnum>(TEnum value, string option, string what)
        where TEnum : struct, Enum
    {
        if (!Enum.IsDefined(value))
        {
            throw new ArgumentException($"{option} {value} is not a known {what}.", option);
        }
    }

    /// <summary>The hidden layers: given, each with at least one unit.</summary>
    public static void HiddenLayers(int[]? value)
    {
        ArgumentNullException.ThrowIfNull(value, nameof(HiddenLayers));
        for (int i = 0; i < value.Length; i++)
        {
            if (value[i] <= 0)
            {
                throw new ArgumentException($"{nameof(HiddenLayers)}[{i}] is {value[i]}; every hidden layer needs at least one unit.", nameof(HiddenLayers));
            }
        }
    }

    /// <summary>A column name: not empty or blank.</summary>
    public static void ColumnName(string? value, string option)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            throw new ArgumentException($"{option} must name a column.", option);
        }
    }

    /// <summary>
    /// The learning-rate schedule: a positive finite rate for every epoch of the run, asked before training, so that a
    /// schedule shorter than the run (a cosine decay to 0 over fewer epochs than <paramref name="maxEpochs"/>) is refused
    /// now rather than after the epochs it covers.
    /// </summary>
    public static void Schedule(ILearningRateSchedule? schedule, int maxEpochs, float learningRate, string option)
    {
        if (schedule is null)
        {
            return;
        }

        for (int epoch = 1; epoch <= maxEpochs; epoch++)
        {
            float rate = schedule.RateAt(epoch, learningRate);
            if (!(rate > 0f) || !float.IsFinite(rate))
            {
                throw new ArgumentException(
                    $"The learning-rate schedule ({schedule}) gives {rate} for epoch {epoch} of the {maxEpochs} to run; every epoch needs a positive rate. " +
                    "Let the schedule cover every epoch, or give it a positive minimum.",
                    option);
            }
        }
    }

    /// <summary>The early-stopping rule: one that watches a validation signal needs a validation set.</summary>
    public static void EarlyStopping(EarlyStopping? rule, bool hasValidation, string validationOptions)
    {
        if (rule is PatienceStopping { NeedsValidation: true } patience && !hasValidation)
        {
            throw new ArgumentException(
                $"{nameof(EarlyStopping)} watches {patience.Metric}, which needs {validationOptions}.", nameof(EarlyStopping));
        }
    }

    /// <summary>A regression has no accuracy: early stopping on <see cref="MonitoredMetric.ValidationAccuracy"/> needs a classifier.</summary>
    public static void MetricOfTask(EarlyStopping? rule, bool isClassifier)
    {
        if (rule is PatienceStopping { Metric: MonitoredMetric.ValidationAccuracy } && !isClassifier)
        {
            throw new ArgumentException(
                $"{nameof(EarlyStopping)} watches {MonitoredMetric.ValidationAccuracy}, but a regression has no accuracy; watch {MonitoredMetric.ValidationLoss} instead.",
                nameof(EarlyStopping));
        }
    }

    /// <summary>The Huber threshold: positive (infinity for the squared error).</summary>
    public static void HuberDelta(float value)
    {
        if (!(value > 0f))
        {
            throw new ArgumentException($"{nameof(HuberDelta)} must be positive (float.PositiveInfinity for the squared error) but is {value}.", nameof(HuberDelta));
        }
    }

    /// <summary>The max-norm limit: positive (infinity turns the constraint off).</summary>
    public static void MaxNorm(float value)
    {
        if (!(value > 0f))
        {
            throw new ArgumentException($"{nameof(MaxNorm)} must be positive (float.PositiveInfinity for no constraint) but is {value}.", nameof(MaxNorm));
        }
    }

    /// <summary>A dropout rate: a fraction in [0, 1) (1 would drop every unit).</summary>
    public static void DropoutRate(float value, string option)
    {
        if (!(value is >= 0f and < 1f))
        {
            throw new ArgumentException($"{option} must be in [0, 1) but is {value}.", option);
        }
    }
}
