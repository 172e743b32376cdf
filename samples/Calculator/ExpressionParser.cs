using System.Globalization;

namespace Fabrikam.SemanticKernel.Calculator;

/// <summary>A tiny recursive-descent parser: no eval, no code generation.</summary>
internal sealed class ExpressionParser
{
    private readonly string _text;
    private int _pos;

    public ExpressionParser(string text) => _text = text ?? string.Empty;

    public double Parse()
    {
        double value = ParseSum();
        SkipWhitespace();
        if (_pos != _text.Length)
        {
            throw new FormatException($"Unexpected '{_text[_pos]}' at position {_pos}.");
        }

        return value;
    }

    private double ParseSum()
    {
        double value = ParseProduct();
        while (true)
        {
            SkipWhitespace();
            if (Match('+')) value += ParseProduct();
            else if (Match('-')) value -= ParseProduct();
            else return value;
        }
    }

    private double ParseProduct()
    {
        double value = ParsePower();
        while (true)
        {
            SkipWhitespace();
            if (Match('*')) value *= ParsePower();
            else if (Match('/')) value /= ParsePower();
            else return value;
        }
    }

    private double ParsePower()
    {
        double value = ParseUnary();
        SkipWhitespace();
        return Match('^') ? Math.Pow(value, ParsePower()) : value;
    }

    private double ParseUnary()
    {
        SkipWhitespace();
        if (Match('-')) return -ParseUnary();
        if (Match('('))
        {
            double inner = ParseSum();
            SkipWhitespace();
            if (!Match(')')) throw new FormatException("Missing ')'.");
            return inner;
        }

        int start = _pos;
        while (_pos < _text.Length && (char.IsDigit(_text[_pos]) || _text[_pos] == '.'))
        {
            _pos++;
        }

        if (start == _pos) throw new FormatException($"Number expected at position {_pos}.");
        return double.Parse(_text.AsSpan(start, _pos - start), CultureInfo.InvariantCulture);
    }

    private bool Match(char c)
    {
        if (_pos < _text.Length && _text[_pos] == c)
        {
            _pos++;
            return true;
        }

        return false;
    }

    private void SkipWhitespace()
    {
        while (_pos < _text.Length && char.IsWhiteSpace(_text[_pos])) _pos++;
    }
}
