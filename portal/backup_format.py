"""The row format of `manage.py backup` ("backup" in SERIALIZATION_MODULES): Django's JSON Lines, except that
datetimes and times keep their microseconds (DjangoJSONEncoder cuts them to milliseconds), so a restored row is
exactly the row that was backed up."""

import datetime

from django.core.serializers import jsonl
from django.core.serializers.json import DjangoJSONEncoder


class ExactEncoder(DjangoJSONEncoder):
    def default(self, o):
        if isinstance(o, (datetime.datetime, datetime.time)):
            return o.isoformat()
        return super().default(o)


class Serializer(jsonl.Serializer):
    def _init_options(self):
        self.options.setdefault("cls", ExactEncoder)
        super()._init_options()


Deserializer = jsonl.Deserializer
