import re, yaml

class Dumper(yaml.SafeDumper):
    pass

def _str(dumper, s):
    # quote every string that starts like a number, a date or a time, so that no YAML parser reads it as one
    if re.match(r"^[0-9+\-.]", s) or s in ("yes", "no", "on", "off", "true", "false", "null", "y", "n"):
        return dumper.represent_scalar("tag:yaml.org,2002:str", s, style='"')
    return dumper.represent_scalar("tag:yaml.org,2002:str", s)

Dumper.add_representer(str, _str)

def dump(obj, **kw):
    return yaml.dump(obj, Dumper=Dumper, sort_keys=False, allow_unicode=True, width=200, **kw)
