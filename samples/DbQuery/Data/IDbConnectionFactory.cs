using System.Data.Common;

namespace DbQuery.Data;

public interface IDbConnectionFactory
{
    DbConnection Open();
}
