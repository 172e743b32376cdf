using System;
using System.Collections.Generic;
using System.Text;

namespace Tollgate.Benchmarks.Corpus;

/// <summary>A risky capability a module reaches from one of its tools, through a helper chain.</summary>
internal enum RiskFlavor
{
    ProcessExec,
    HttpFetch,
    Exfiltration,
    FileRead,
    FileWrite,
    DynamicLoad,
}

/// <summary>Which framework declares a module's tool.</summary>
internal enum ToolHost
{
    SemanticKernel,
    Mcp,
    AIFunctions,
}

/// <summary>Optional files a module may carry beyond its core.</summary>
internal enum OptionalKind
{
    Formatter,
    Validator,
    Mapper,
    Extensions,
    Cache,
    Options,
    Statistics,
    Parser,
    Events,
    Worker,
    QueryBuilder,
    Comparers,
    Exceptions,
    AdminPlugin,
    ReportingTools,
    Maintenance,
    ApiClient,
    Contracts,
}

internal sealed record OptionalFile(OptionalKind Kind, int Ordinal)
{
    /// <summary>"" for the first file of a kind in a module, "2", "3", ... after that, so type names stay unique.</summary>
    public string Suffix => Ordinal <= 1 ? string.Empty : Ordinal.ToString(System.Globalization.CultureInfo.InvariantCulture);
}

/// <summary>A risky flavor as a module wires it: which tool host exposes it and whether a guard mitigates it.</summary>
internal sealed record RiskWiring(RiskFlavor Flavor, ToolHost Host, bool Guarded, bool ViaCommon);

/// <summary>Everything the templates need to know about one generated module (one business domain of the plugin).</summary>
internal sealed class ModuleSpec
{
    public required int Index { get; init; }

    /// <summary>Type-name prefix and last namespace segment, e.g. <c>InvoiceSync</c>.</summary>
    public required string Name { get; init; }

    /// <summary>The domain noun in lower case for prose, e.g. <c>invoice</c>.</summary>
    public required string Word { get; init; }

    public required string Words { get; init; }

    /// <summary>Identifier prefix used in sample ids, e.g. <c>INV</c>.</summary>
    public required string Prefix { get; init; }

    /// <summary>The main record type, e.g. <c>InvoiceSyncRecord</c>.</summary>
    public required string Entity { get; init; }

    public required string Group { get; init; }

    public required int Seed { get; init; }

    public bool SemanticKernel { get; set; }

    public bool Mcp { get; set; }

    public bool AIFunctions { get; set; }

    /// <summary>MCP tools as an instance class with a primary constructor rather than static methods taking services.</summary>
    public bool McpInstanceTools { get; set; }

    public List<RiskWiring> Risks { get; } = [];

    public List<OptionalFile> Optional { get; } = [];

    public ModuleSpec? Dependency { get; set; }

    /// <summary>A tool description that speaks to the model (description.injection), in very few modules.</summary>
    public bool InjectedDescription { get; set; }

    /// <summary>The MCP tool that writes files claims <c>ReadOnly = true</c> (declaration.mismatch).</summary>
    public bool ReadOnlyMismatch { get; set; }

    public string Namespace => "Contoso.Agents." + Name;

    public string Folder => "src/" + Group + "/" + Name;

    /// <summary>snake_case of <see cref="Name"/>, for tool names.</summary>
    public string Snake => ToSnakeCase(Name);

    public string Status => Name + "Status";

    public string Query => Name + "Query";

    public string Summary => Name + "Summary";

    public string Service => Name + "Service";

    public string IService => "I" + Name + "Service";

    public string IRepository => "I" + Name + "Repository";

    public bool Has(RiskFlavor flavor) => Risks.Exists(r => r.Flavor == flavor);

    public RiskWiring? Risk(RiskFlavor flavor) => Risks.Find(r => r.Flavor == flavor);

    public static string ToSnakeCase(string name)
    {
        var builder = new StringBuilder(name.Length + 8);
        for (var i = 0; i < name.Length; i++)
        {
            var c = name[i];
            if (char.IsUpper(c) && i > 0)
            {
                builder.Append('_');
            }

            builder.Append(char.ToLowerInvariant(c));
        }

        return builder.ToString();
    }
}

/// <summary>Domain nouns and areas the module names are made of. None is the simple name of a type the code uses.</summary>
internal static class Vocabulary
{
    public static readonly (string Word, string Plural, string Prefix)[] Domains =
    [
        ("Invoice", "Invoices", "INV"), ("Customer", "Customers", "CUS"), ("Order", "Orders", "ORD"),
        ("Shipment", "Shipments", "SHP"), ("Ticket", "Tickets", "TKT"), ("Meeting", "Meetings", "MTG"),
        ("Note", "Notes", "NTE"), ("Document", "Documents", "DOC"), ("Deployment", "Deployments", "DPL"),
        ("Alert", "Alerts", "ALR"), ("Incident", "Incidents", "INC"), ("Metric", "Metrics", "MET"),
        ("Report", "Reports", "RPT"), ("Forecast", "Forecasts", "FCS"), ("Recipe", "Recipes", "RCP"),
        ("Trip", "Trips", "TRP"), ("Booking", "Bookings", "BKG"), ("Expense", "Expenses", "EXP"),
        ("Payment", "Payments", "PAY"), ("Agreement", "Agreements", "AGR"), ("Employee", "Employees", "EMP"),
        ("Candidate", "Candidates", "CND"), ("Asset", "Assets", "AST"), ("Device", "Devices", "DEV"),
        ("Sensor", "Sensors", "SNS"), ("Playlist", "Playlists", "PLS"), ("Article", "Articles", "ART"),
        ("Campaign", "Campaigns", "CMP"), ("Lead", "Leads", "LED"), ("Survey", "Surveys", "SRV"),
        ("Course", "Courses", "CRS"), ("Lesson", "Lessons", "LSN"), ("Patient", "Patients", "PAT"),
        ("Appointment", "Appointments", "APT"), ("Listing", "Listings", "LST"), ("Vehicle", "Vehicles", "VEH"),
        ("Route", "Routes", "RTE"), ("Warehouse", "Warehouses", "WHS"), ("Product", "Products", "PRD"),
        ("Coupon", "Coupons", "CPN"), ("Subscription", "Subscriptions", "SUB"), ("Release", "Releases", "REL"),
        ("Sprint", "Sprints", "SPR"), ("Snippet", "Snippets", "SNP"), ("Bookmark", "Bookmarks", "BMK"),
        ("Podcast", "Podcasts", "POD"), ("Translation", "Translations", "TRN"), ("Glossary", "Glossaries", "GLS"),
        ("Dataset", "Datasets", "DST"), ("Experiment", "Experiments", "XPR"), ("Supplier", "Suppliers", "SUP"),
        ("Quote", "Quotes", "QTE"), ("Budget", "Budgets", "BDG"), ("Timesheet", "Timesheets", "TMS"),
        ("Claim", "Claims", "CLM"), ("Portfolio", "Portfolios", "PTF"), ("Venue", "Venues", "VEN"),
        ("Reservation", "Reservations", "RSV"), ("Workout", "Workouts", "WKT"), ("Flight", "Flights", "FLT"),
        ("Parcel", "Parcels", "PCL"), ("Pipeline", "Pipelines", "PPL"), ("Ledger", "Ledgers", "LDG"),
        ("Vendor", "Vendors", "VND"), ("Milestone", "Milestones", "MLS"), ("Wishlist", "Wishlists", "WSH"),
    ];

    /// <summary>Areas: the first lap of modules uses the bare nouns ("Core" folder), later laps add an area.</summary>
    public static readonly string[] Areas = ["", "Sync", "Admin", "Insights", "Archive", "Portal", "Planner", "Audit", "Billing", "Support"];

    public static readonly string[] EntitySuffixes = ["Record", "Item", "Entry", "Details"];

    /// <summary>Words for sample data and property names.</summary>
    public static readonly string[] SampleNames =
    [
        "alpha", "bravo", "charlie", "delta", "echo", "foxtrot", "harbor", "juniper", "kestrel", "lumen",
        "meridian", "nimbus", "orchid", "pioneer", "quartz", "raven", "sierra", "tundra", "umber", "vertex",
        "willow", "yonder", "zephyr", "atlas", "beacon", "cobalt", "dynamo", "ember", "falcon", "granite",
    ];

    public static readonly (string Name, string Type, string Sample)[] Properties =
    [
        ("Title", "string", "\"Untitled\""), ("Region", "string", "\"eu-west\""), ("Currency", "string", "\"EUR\""),
        ("Priority", "int", "3"), ("Quantity", "int", "1"), ("Weight", "double", "1.5"), ("Score", "double", "0.75"),
        ("DueDate", "DateTimeOffset?", "null"), ("UpdatedAt", "DateTimeOffset", "DateTimeOffset.UnixEpoch"),
        ("IsPinned", "bool", "false"), ("Notes", "string?", "null"), ("Email", "string?", "null"),
        ("Reference", "string", "\"n/a\""), ("Version", "int", "1"), ("Discount", "decimal", "0m"),
        ("Labels", "IReadOnlyList<string>", "Array.Empty<string>()"), ("Owner", "string?", "null"),
        ("Duration", "TimeSpan", "TimeSpan.Zero"), ("Country", "string", "\"NL\""), ("Rating", "int", "0"),
        ("ExternalId", "Guid", "Guid.Empty"), ("Comment", "string?", "null"), ("Threshold", "decimal", "100m"),
        ("Category", "string", "\"general\""), ("Attempts", "int", "0"), ("Locale", "string", "\"en-US\""),
    ];
}
