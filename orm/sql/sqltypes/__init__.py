"""The concrete types of ``orm``, split by concept; users import them from ``orm.types``.

* ``_literals``  safe SQL literal rendering shared by the types (quoting, escaping, per dialect)
* ``numeric``    Integer, BigInteger, SmallInteger, Numeric, Float, Double, Boolean
* ``string``     String, Text, Unicode, UnicodeText, Enum, LargeBinary
* ``temporal``   Date, DateTime, Time, Interval
* ``structured`` JSON, ARRAY, TupleType, Uuid, PickleType
* ``decorator``  TypeDecorator, UserDefinedType, Variant
* ``standard``   the UPPERCASE SQL-standard types (INTEGER, VARCHAR, TIMESTAMP, ...)
"""
