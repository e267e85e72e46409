// Node 20 is supported locally (Lambda runs nodejs22.x); silence the SDK's Node 22 notice in tests.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';
