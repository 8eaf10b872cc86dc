"""`__in` on integer fields with a value out of the database's range: Django answers
`exact`, `gt` and the others with no match in that case (IntegerFieldOverflow), but
`in` sends the number to the database, where SQLite raises OverflowError and
PostgreSQL "integer out of range". A form's ModelMultipleChoiceField checks its
choices with `pk__in`, so `competences=99999999999999999999` answered 500. Here such
values are left out of the list, as no row can hold them."""

from django.db.models import IntegerField
from django.db.models.lookups import In


class IntegerFieldIn(In):
    def process_rhs(self, compiler, connection):
        if not self.rhs_is_direct_value():
            return super().process_rhs(compiler, connection)
        low, high = connection.ops.integer_field_range(
            self.lhs.output_field.get_internal_type()
        )
        original = self.rhs
        self.rhs = [
            value
            for value in original
            if not isinstance(value, int)
            or ((low is None or value >= low) and (high is None or value <= high))
        ]
        try:
            return super().process_rhs(compiler, connection)
        finally:
            self.rhs = original


def register():
    IntegerField.register_lookup(IntegerFieldIn)
