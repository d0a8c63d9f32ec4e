#!/usr/bin/env python3
"""Print what pywbem's WBEMServer learns from a `wbemrx serve`.

Usage: python3 server_profile.py URL [USER PASSWORD]   (run.sh runs it)
  URL   http(s)://127.0.0.1:PORT of a running `wbemrx serve` (default user admin/Secret-pw1)

Prints the interop namespace, the namespaces, brand and version, the registered profiles and
the central instances of the DMTF "WBEM Server" profile. Any warning pywbem emits is turned
into an error, so a clean exit means pywbem needed no tolerance for this server.
"""
import os
import sys
import warnings

# requests lets REQUESTS_CA_BUNDLE override a session's verify=False (psf/requests#3829).
os.environ.pop('REQUESTS_CA_BUNDLE', None)
os.environ.pop('CURL_CA_BUNDLE', None)

import pywbem

warnings.simplefilter('error')

URL = sys.argv[1] if len(sys.argv) > 1 else 'http://127.0.0.1:15988'
CREDS = (sys.argv[2], sys.argv[3]) if len(sys.argv) > 3 else ('admin', 'Secret-pw1')

conn = pywbem.WBEMConnection(URL, CREDS, no_verification=True, timeout=30)
server = pywbem.WBEMServer(conn)

print('interop_ns:', server.interop_ns)
print('namespace_classname:', server.namespace_classname)
print('namespaces:', sorted(server.namespaces))
print('brand:', server.brand)
print('version:', server.version)
print('profiles:')
for p in server.profiles:
    print('  ', p.path.to_wbem_uri())
    print('     RegisteredOrganization=%s RegisteredName=%r RegisteredVersion=%r'
          % (p['RegisteredOrganization'], p['RegisteredName'], p['RegisteredVersion']))
wbem_server = server.get_selected_profiles('DMTF', 'WBEM Server')
print('get_selected_profiles(DMTF, WBEM Server):', [p['RegisteredVersion'] for p in wbem_server])
if len(wbem_server) != 1:
    sys.exit('expected one WBEM Server profile')
central = server.get_central_instances(wbem_server[0].path)
print('central instances of WBEM Server:')
for path in central:
    print('  ', path.to_wbem_uri())
if [p.classname for p in central] != ['CIM_ObjectManager']:
    sys.exit('expected the CIM_ObjectManager as the central instance')
managers = conn.AssociatorNames(central[0], AssocClass='CIM_NamespaceInManager',
                                ResultRole='Dependent')
print('namespaces in manager:', sorted(p['Name'] for p in managers))
if sorted(p['Name'] for p in managers) != sorted(server.namespaces):
    sys.exit('CIM_NamespaceInManager does not list the same namespaces')
print('OK')
