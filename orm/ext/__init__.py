"""Extensions: orm.ext.declarative (legacy), orm.ext.asyncio, orm.ext.hybrid."""
