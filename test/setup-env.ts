// The SDK warns once per process that Node 20 support ends; Lambda runs Node 22, so it is noise here.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';
