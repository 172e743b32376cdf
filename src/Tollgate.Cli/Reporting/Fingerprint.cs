using System;
using System.Security.Cryptography;
using System.Text;
using Tollgate.Model;

namespace Tollgate.Cli.Reporting;

/// <summary>
/// A finding's identity across unrelated edits: rule, entry point, capability, risk, file and trace,
/// but no line or column, so moving code does not make an old finding look new.
/// </summary>
internal static class Fingerprint
{
    public static string Of(Finding finding)
    {
        var text = string.Join("\u001f", finding.RuleId, finding.EntryPoint ?? "", finding.Capability ?? "", finding.Risk ?? "", finding.Location?.Path ?? "", string.Join("\u001e", finding.Trace), finding.Trace.Count == 0 ? finding.Message : "");
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(text));
        return Convert.ToHexString(hash, 0, 16).ToLowerInvariant();
    }
}
