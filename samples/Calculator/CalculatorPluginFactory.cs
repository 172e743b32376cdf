using Microsoft.SemanticKernel;

namespace Fabrikam.SemanticKernel.Calculator;

/// <summary>Builds the "calc_extras" plugin from delegates instead of attributes.</summary>
public static class CalculatorPluginFactory
{
    public static KernelPlugin Create()
    {
        KernelFunction[] functions =
        [
            KernelFunctionFactory.CreateFromMethod(
                (double value) => Math.Abs(value),
                functionName: "abs",
                description: "Returns the absolute value of a number."),
            KernelFunctionFactory.CreateFromMethod(
                MathHelpers.Clamp,
                functionName: "clamp",
                description: "Clamps a value to the inclusive range [min, max]."),
            KernelFunctionFactory.CreateFromMethod(
                (double a, double b) => MathHelpers.Hypot(a, b).RoundTo(8),
                functionName: "hypot",
                description: "Length of the hypotenuse of a right triangle."),
        ];

        return KernelPluginFactory.CreateFromFunctions("calc_extras", "Extra math helpers", functions);
    }

    /// <summary>Registers all calculator plugins on a kernel builder.</summary>
    public static IKernelBuilder AddCalculator(this IKernelBuilder builder)
    {
        builder.Plugins.AddFromType<MathPlugin>("math");
        builder.Plugins.AddFromType<UnitConversionPlugin>("units");
        builder.Plugins.Add(Create());
        return builder;
    }
}
