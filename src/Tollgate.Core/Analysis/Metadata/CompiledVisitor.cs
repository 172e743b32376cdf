using System;
using System.Collections.Generic;
using System.Linq;
using System.Reflection.Metadata;
using Microsoft.CodeAnalysis;
using Tollgate.Catalog;

namespace Tollgate.Analysis.Metadata;

/// <summary>What the bodies of one node share while they are interpreted: fields, and the arguments and results of generated members.</summary>
internal sealed class NodeState
{
    private readonly Dictionary<string, Cell> _fields = new(StringComparer.Ordinal);
    private readonly Dictionary<IMethodSymbol, Cell[]> _arguments = new(SymbolEqualityComparer.Default);
    private readonly Dictionary<IMethodSymbol, Cell> _returns = new(SymbolEqualityComparer.Default);

    /// <param name="parameterTexts">What callers pass for each parameter, as text (see <see cref="CompiledProgram.ParameterTexts"/>).</param>
    public NodeState(IMethodSymbol root, bool labelParameters, string?[]? parameterTexts = null)
    {
        Root = root;
        var cells = new Cell[root.Parameters.Length + (root.IsStatic ? 0 : 1)];
        for (var i = 0; i < cells.Length; i++)
        {
            var parameter = root.IsStatic ? i : i - 1;
            cells[i] = parameter >= 0 && labelParameters ? Cell.Of(Labels.Parameter(parameter)) : new Cell();
            cells[i].NoText = parameter >= 0 && TaintRules.CarriesNoText(root.Parameters[parameter].Type);
            cells[i].Text = parameter >= 0 && parameterTexts != null && parameter < parameterTexts.Length ? parameterTexts[parameter] : null;
        }

        _arguments[root] = cells;
    }

    public IMethodSymbol Root { get; }

    public Cell Argument(IMethodSymbol method, int index)
    {
        var cells = Arguments(method, index + 1);
        return index < cells.Length ? cells[index] : new Cell();
    }

    private Cell[] Arguments(IMethodSymbol method, int atLeast)
    {
        if (!_arguments.TryGetValue(method, out var cells) || cells.Length < atLeast)
        {
            var grown = new Cell[Math.Max(atLeast, method.Parameters.Length + (method.IsStatic ? 0 : 1))];
            for (var i = 0; i < grown.Length; i++)
            {
                grown[i] = cells != null && i < cells.Length ? cells[i] : new Cell();
            }

            _arguments[method] = cells = grown;
        }

        return cells;
    }

    /// <summary>A call to a generated member of the node: what it is passed joins its parameters.</summary>
    public void Pass(IMethodSymbol method, Cell? receiver, Cell[] arguments)
    {
        var all = receiver != null ? new[] { receiver }.Concat(arguments).ToArray() : arguments;
        var cells = Arguments(method, all.Length);
        for (var i = 0; i < all.Length; i++)
        {
            Merge(cells[i], all[i]);
        }
    }

    public Cell Returned(IMethodSymbol method)
    {
        if (!_returns.TryGetValue(method, out var cell))
        {
            _returns[method] = cell = new Cell();
        }

        return cell;
    }

    public Cell Field(ResolvedMember field)
    {
        var key = field.ContainerName + "::" + field.MemberName;
        if (!_fields.TryGetValue(key, out var cell))
        {
            _fields[key] = cell = new Cell();
        }

        return cell;
    }

    /// <summary>Labels only grow; text and delegate targets are kept where known.</summary>
    public static void Merge(Cell into, Cell value)
    {
        if (ReferenceEquals(into, value) || value.IsNull)
        {
            return;
        }

        // A number stored into a state machine's or closure's field stays a number.
        var fresh = into.Labels == 0 && into.Text == null && !into.Object && into.Function == null;
        into.NoText = fresh ? value.NoText : into.NoText && value.NoText;

        into.Labels |= value.Labels;
        into.Text = into.Text == null && into.Function == null && !into.Object ? value.Text : into.Text == value.Text ? into.Text : Cell.JoinText(into.Text, value.Text);
        into.Separator |= value.Separator;
        into.Function ??= value.Function;
        into.Reflected ??= value.Reflected;
        into.Object |= value.Object;
        if (value.Properties != null)
        {
            into.Properties ??= new Dictionary<string, string?>(StringComparer.Ordinal);
            foreach (var pair in value.Properties)
            {
                into.Properties[pair.Key] = pair.Value;
            }
        }
    }
}

/// <summary>
/// The common reading of one body of a node: arguments, fields and generated members through the node's state, and what
/// calls outside the scan do to values (strings built, objects filled, handlers appended to). Subclasses decide about calls.
/// </summary>
internal abstract class CompiledVisitor : ILVisitor
{
    private static readonly HashSet<string> Mutators = new(StringComparer.Ordinal)
    {
        "Add", "AddRange", "Append", "AppendLine", "AppendFormat", "AppendJoin", "Insert", "Push", "Enqueue", "Write", "WriteLine", "Prepend", "Set", "TryAdd", "Put",
        "AppendLiteral", "AppendFormatted",
    };

    protected CompiledVisitor(CompiledProgram program, Body body, NodeState state)
    {
        Program = program;
        Body = body;
        State = state;
    }

    protected CompiledProgram Program { get; }

    protected Body Body { get; }

    protected NodeState State { get; }

    public override Cell Argument(int index) => State.Argument(Body.Symbol, index);

    /// <summary>Whether a field read here also sees what the rest of its type stores into it (text facts only).</summary>
    protected virtual bool UsesFieldFacts => true;

    public override void StoreArgument(int index, Cell value) => NodeState.Merge(Argument(index), value);

    public override Cell LoadField(int offset, ResolvedMember field, Cell? instance)
    {
        if (field.MemberName is "DirectorySeparatorChar" or "AltDirectorySeparatorChar" && field.ContainerName == "System.IO.Path")
        {
            return new Cell { Text = "/", Separator = true };
        }

        var cell = State.Field(field);
        if (UsesFieldFacts && cell.Text == null && !cell.Separator && cell.Function == null && Program.IsScannedType(field.ContainerName) && !IsGenerated(field)
            && field.Symbol is IFieldSymbol stored && Program.FieldFacts(stored) is { } facts && (facts.Text != null || facts.Separator || facts.Function != null))
        {
            cell = new Cell { Labels = cell.Labels, Text = facts.Text, Separator = facts.Separator, Function = facts.Function };
        }

        if (instance != null && instance.Labels != 0 && !IsGenerated(field))
        {
            // A field of an object that carries data carries it too.
            return new Cell { Labels = cell.Labels | instance.Labels, Text = cell.Text };
        }

        return cell;
    }

    public override void StoreField(int offset, ResolvedMember field, Cell? instance, Cell value)
    {
        NodeState.Merge(State.Field(field), value);
        if (instance != null && !IsGenerated(field))
        {
            instance.Labels |= value.Labels;
        }
    }

    /// <summary>A member of a compiler-generated type or itself generated, by its names (no symbol needed).</summary>
    protected static bool IsGenerated(ResolvedMember member) =>
        member.MemberName.StartsWith("<", StringComparison.Ordinal) || member.ContainerName.IndexOf('<') >= 0;

    public override void Return(Cell value) => NodeState.Merge(State.Returned(Body.Symbol), value);

    public override Cell Token(int offset, int token)
    {
        var handle = System.Reflection.Metadata.Ecma335.MetadataTokens.EntityHandle(token);
        return handle.Kind is HandleKind.TypeDefinition or HandleKind.TypeReference or HandleKind.TypeSpecification
            ? new Cell { Reflected = Program.Symbols.Type(Body.Module, handle) }
            : new Cell { Reflected = Program.Symbols.Member(Body.Module, token).Symbol };
    }

    public sealed override Cell Invoke(int offset, ILOpCode code, ResolvedMember target, Cell? receiver, Cell[] arguments)
    {
        // A delegate whose target is known, or a method found by name through reflection, is a call to that method.
        if (target.MemberName is "Invoke" or "CreateInstance" && target.Symbol is IMethodSymbol invoked && Redirect(invoked, receiver, arguments) is { } redirected)
        {
            // The reflective call is itself a use (dynamic code); then the method it reaches.
            Call(offset, code, target, receiver, arguments);
            return Call(offset, ILOpCode.Call, ResolvedMember.Of(redirected.Method), null, redirected.Arguments);
        }

        if (IsGenerated(target) && target.Symbol is IMethodSymbol method && Program.Symbols.IsScanned(method))
        {
            State.Pass(method.OriginalDefinition, code == ILOpCode.Newobj ? new Cell { Object = true } : receiver, arguments);
            // A generated wrapper (a collection expression's read-only array) holds what it was made from; a generated
            // delegate type (a method group with default values) calls the method ldftn named.
            return code == ILOpCode.Newobj
                ? new Cell { Object = true, Labels = arguments.Aggregate(0UL, (l, a) => l | a.Labels), Function = arguments.Length == 2 ? arguments[1].Function : null }
                : State.Returned(method.OriginalDefinition);
        }

        return Call(offset, code, target, receiver, arguments);
    }

    private (IMethodSymbol Method, Cell[] Arguments)? Redirect(IMethodSymbol method, Cell? receiver, Cell[] arguments)
    {
        if (method.Name == "Invoke" && method.ContainingType?.TypeKind == TypeKind.Delegate && receiver?.Function is { } target)
        {
            return (target.OriginalDefinition, arguments);
        }

        // MethodBase.Invoke(obj, object[] args): every parameter may be any of the arguments.
        if (method.Name == "Invoke" && method.ContainingType?.Name is "MethodInfo" or "MethodBase" && receiver?.Reflected is IMethodSymbol reflected && arguments.Length == 2)
        {
            return (reflected.OriginalDefinition, reflected.Parameters.Select(_ => arguments[1]).ToArray());
        }

        if (method.Name == "CreateInstance" && method.ContainingType?.Name == "Activator" && arguments.Length > 0 && arguments[0].Reflected is INamedTypeSymbol type
            && type.InstanceConstructors.FirstOrDefault() is { } constructor)
        {
            return (constructor.OriginalDefinition, constructor.Parameters.Select(_ => arguments.Length > 1 ? arguments[1] : new Cell()).ToArray());
        }

        return null;
    }

    /// <summary>Reflection by constant name: <c>Type.GetType("…")</c>, <c>typeof(T).GetMethod("…")</c>.</summary>
    private Cell? Reflection(ResolvedMember target, Cell? receiver, Cell[] arguments)
    {
        var name = target.MemberName;
        if (target.ContainerName == "System.Type" && name == "GetType" && receiver == null && arguments.Length > 0 && arguments[0].Text is { } typeName && typeName.IndexOf('*') < 0)
        {
            var comma = typeName.IndexOf(',');
            var metadataName = (comma < 0 ? typeName : typeName.Substring(0, comma)).Trim();
            return new Cell { Reflected = Program.Context.Compilation.GetTypeByMetadataName(metadataName) };
        }

        if (name == "GetTypeFromHandle" && arguments.Length == 1)
        {
            return new Cell { Reflected = arguments[0].Reflected };
        }

        if (receiver?.Reflected is INamedTypeSymbol type && name is "GetMethod" or "GetProperty" && arguments.Length > 0 && arguments[0].Text is { } memberName)
        {
            var candidates = type.GetMembers(memberName).ToList();
            var chosen = candidates.OfType<IMethodSymbol>().FirstOrDefault(m => m.Parameters.Length > 0 && m.Parameters.All(p => p.Type.SpecialType == SpecialType.System_String))
                ?? candidates.FirstOrDefault();
            return new Cell { Reflected = chosen is IPropertySymbol property ? property.GetMethod : chosen };
        }

        return null;
    }

    /// <summary>A call; <paramref name="target"/> binds its symbol only when asked, so judge by its names first.</summary>
    protected abstract Cell Call(int offset, ILOpCode code, ResolvedMember target, Cell? receiver, Cell[] arguments);

    /// <summary>A call whose code is not followed: its result carries what went in, strings are built, receivers filled.</summary>
    protected Cell External(ILOpCode code, ResolvedMember target, Cell? receiver, Cell[] arguments)
    {
        if (Reflection(target, receiver, arguments) is { } reflected)
        {
            return reflected;
        }

        var name = target.MemberName;
        var container = target.ContainerName;
        var inputs = arguments.Aggregate(receiver?.Labels ?? 0, (l, a) => l | (a.NoText && container.StartsWith("System.Runtime.CompilerServices.", StringComparison.Ordinal) ? 0 : a.Labels));
        if (code == ILOpCode.Newobj)
        {
            var made = new Cell { Labels = inputs, Object = true };
            if (arguments.Length == 2 && arguments[1].Function != null)
            {
                // new Func<…>(target, &Method): the delegate calls the method ldftn named.
                made.Function = arguments.Length == 2 ? arguments[1].Function : null;
            }
            else if (arguments.Length == 1 && (arguments[0].Text != null || arguments[0].Separator))
            {
                // A wrapper of one value (a span over a char, a Uri, a builder) reads as that value.
                made.Text = arguments[0].Text;
                made.Separator = arguments[0].Separator;
                made.Object = container == "System.Text.StringBuilder";
            }
            else if (container == "System.Uri" && arguments.Length > 0)
            {
                made.Text = string.Concat(arguments.Select(a => a.Evaluate()));
                made.Object = false;
            }
            else if (container == "System.Text.StringBuilder" && arguments.Length > 0 && arguments[0].Text != null)
            {
                made.Text = arguments[0].Text;
            }

            return made;
        }

        if (container == "System.Runtime.CompilerServices.DefaultInterpolatedStringHandler" && receiver != null)
        {
            switch (name)
            {
                case ".ctor":
                    receiver.Text = "";
                    return new Cell();
                case "ToStringAndClear":
                    return new Cell { Labels = receiver.Labels, Text = receiver.Text, Separator = receiver.Separator };
            }
        }

        if (receiver != null && (Mutators.Contains(name) || name.StartsWith("set_", StringComparison.Ordinal)))
        {
            receiver.Labels |= inputs;
            if (name.StartsWith("set_", StringComparison.Ordinal) && arguments.Length > 0)
            {
                receiver.Properties ??= new Dictionary<string, string?>(StringComparer.Ordinal);
                receiver.Properties[name.Substring(4)] = arguments[arguments.Length - 1].Text;
            }
            else if (name is "Append" or "AppendLiteral" or "AppendFormatted" && arguments.Length > 0)
            {
                receiver.Text = (receiver.Text ?? "") + arguments[0].Evaluate();
                receiver.Separator = arguments[0].Separator || receiver.Text.EndsWith("/", StringComparison.Ordinal);
            }

            return Cell.Of(inputs);
        }

        if (container == "System.String" && name == "Concat" && arguments.All(a => !a.Object))
        {
            var last = arguments.LastOrDefault();
            return new Cell
            {
                Labels = inputs,
                Text = string.Concat(arguments.Select(a => a.Evaluate())),
                Separator = last != null && (last.Separator || last.Evaluate().EndsWith("/", StringComparison.Ordinal) || last.Evaluate().EndsWith("\\", StringComparison.Ordinal)),
            };
        }

        if (container == "System.IO.Path" && name is "Combine" or "Join" && arguments.All(a => !a.Object))
        {
            return new Cell { Labels = inputs, Text = string.Join("/", arguments.Select(a => a.Evaluate())) };
        }

        // Conversions keep the text: a digest written as hex and read into bytes is still the pinned digest.
        if (receiver == null && arguments.Length == 1 && name is "op_Implicit" or "AsSpan" or "AsMemory" or "ToString" or "Trim" or "FromHexString" or "FromBase64String")
        {
            return new Cell { Labels = inputs, Text = arguments[0].Text, Separator = arguments[0].Separator };
        }

        if (receiver != null && name is "ToString" or "Trim" or "TrimEnd" or "TrimStart" or "get_AbsoluteUri" or "get_OriginalString")
        {
            return new Cell { Labels = inputs, Text = receiver.Text, Separator = receiver.Separator };
        }

        if (name is "get_Length" or "get_Count" or "Count" or "get_LongLength")
        {
            return new Cell { Labels = inputs, Shape = true };
        }

        // A collection or builder reached through a property (psi.ArgumentList) is the object's own: filling it fills the object.
        if (receiver != null && name.StartsWith("get_", StringComparison.Ordinal) && arguments.Length == 0
            && target.ReturnsObject)
        {
            return receiver;
        }

        return Cell.Of(inputs);
    }

    /// <summary>Each parameter's argument as text (<c>this</c> for the receiver), for conditions and query texts.</summary>
    protected static Dictionary<string, Cell> ByParameter(IMethodSymbol? method, Cell? receiver, Cell[] arguments)
    {
        var result = new Dictionary<string, Cell>(StringComparer.Ordinal);
        if (receiver != null)
        {
            result["this"] = receiver;
        }

        if (method != null)
        {
            for (var i = 0; i < method.Parameters.Length && i < arguments.Length; i++)
            {
                result[method.Parameters[i].Name] = arguments[i];
            }
        }

        return result;
    }

    /// <summary>A catalog condition on a constant argument or on a property set on the object passed (see NodeSummarizer).</summary>
    protected static bool ConditionHolds(ArgumentCondition condition, IMethodSymbol? method, Dictionary<string, Cell> arguments)
    {
        if (method == null)
        {
            return true;
        }

        if (!arguments.TryGetValue(condition.Parameter, out var argument))
        {
            return condition.Negated;
        }

        ITypeSymbol? type = condition.Parameter == "this" ? method.ContainingType : method.Parameters.FirstOrDefault(p => p.Name == condition.Parameter)?.Type;
        string? text;
        if (condition.Property != null)
        {
            if (argument.Properties == null || !argument.Properties.TryGetValue(condition.Property, out text))
            {
                return condition.Negated;
            }

            type = (type as INamedTypeSymbol)?.GetMembers(condition.Property).OfType<IPropertySymbol>().FirstOrDefault()?.Type;
        }
        else
        {
            text = argument.Text;
        }

        if (text == null)
        {
            return true;
        }

        return condition.Accepts(text.Split('\n').Select(t => EnumName(type, t)));
    }

    private static string EnumName(ITypeSymbol? type, string text)
    {
        if (type is INamedTypeSymbol { TypeKind: TypeKind.Enum } enumType && long.TryParse(text, out var value))
        {
            foreach (var field in enumType.GetMembers().OfType<IFieldSymbol>())
            {
                if (field.HasConstantValue && Convert.ToInt64(field.ConstantValue, System.Globalization.CultureInfo.InvariantCulture) == value)
                {
                    return field.Name;
                }
            }
        }

        return text;
    }
}
