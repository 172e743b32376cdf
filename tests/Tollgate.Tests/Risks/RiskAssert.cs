using System.Collections.Generic;
using System.Linq;
using Tollgate.Analysis;
using Tollgate.Model;
using Xunit;
using Xunit.Sdk;

namespace Tollgate.Tests.Risks;

/// <summary>Assertions on the risk findings of one entry point, with every finding of the scan in the failure message.</summary>
internal static class RiskAssert
{
    /// <summary>The findings of <paramref name="risk"/> raised for <paramref name="entryPoint"/>.</summary>
    public static IReadOnlyList<Finding> Of(AnalysisResult result, string risk, string entryPoint) =>
        result.Findings.Where(f => f.Risk == risk && f.EntryPoint == entryPoint).ToList();

    /// <summary>Exactly one unmitigated finding: error, the rule id, the entry point as the first step of the trace and the API as the last.</summary>
    public static Finding Error(AnalysisResult result, string ruleId, string risk, string entryPoint, string lastStep)
    {
        var finding = Single(result, risk, entryPoint);
        Assert.Equal(Severity.Error, finding.Severity);
        Assert.Equal(ruleId, finding.RuleId);
        Assert.Equal(risk, finding.Risk);
        Assert.Equal(entryPoint, finding.EntryPoint);
        Assert.Null(finding.Mitigation);
        Assert.Equal(entryPoint, finding.Trace[0]);
        Assert.Equal(lastStep, finding.Trace[finding.Trace.Count - 1]);
        return finding;
    }

    /// <summary>Exactly one mitigated finding: a warning whose mitigation names the guard.</summary>
    public static Finding Mitigated(AnalysisResult result, string ruleId, string risk, string entryPoint, string mitigation)
    {
        var finding = Single(result, risk, entryPoint);
        Assert.Equal(Severity.Warning, finding.Severity);
        Assert.Equal(ruleId, finding.RuleId);
        Assert.Equal(entryPoint, finding.EntryPoint);
        Assert.Equal(mitigation, finding.Mitigation);
        Assert.Contains("(mitigated: " + mitigation + ")", finding.Message);
        Assert.Equal(entryPoint, finding.Trace[0]);
        return finding;
    }

    /// <summary>No finding of <paramref name="risk"/> for <paramref name="entryPoint"/>.</summary>
    public static void None(AnalysisResult result, string risk, string entryPoint)
    {
        var found = Of(result, risk, entryPoint);
        if (found.Count > 0)
        {
            throw new XunitException($"Expected no {risk} for {entryPoint}, found:\n{Describe(found)}");
        }
    }

    /// <summary>No risk of any kind anywhere in the scan.</summary>
    public static void NoRisks(AnalysisResult result)
    {
        var found = result.Findings.Where(f => f.Risk != null).ToList();
        if (found.Count > 0)
        {
            throw new XunitException($"Expected no risks, found:\n{Describe(found)}");
        }
    }

    public static Finding Single(AnalysisResult result, string risk, string entryPoint)
    {
        var found = Of(result, risk, entryPoint);
        if (found.Count != 1)
        {
            throw new XunitException($"Expected one {risk} for {entryPoint}, found {found.Count}. All findings:\n{Describe(result.Findings)}");
        }

        return found[0];
    }

    public static string Describe(IEnumerable<Finding> findings) => string.Join("\n", findings.Select(f =>
        $"  {f.RuleId} {f.Severity} cap={f.Capability ?? "-"} risk={f.Risk ?? "-"} ep={f.EntryPoint ?? "-"} mit={f.Mitigation ?? "-"} at {f.Location}\n"
        + $"    {f.Message}\n    trace: {string.Join(" -> ", f.Trace)}"));
}
